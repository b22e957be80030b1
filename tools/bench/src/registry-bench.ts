// `npm run bench:registry`: `kurtosis module exec` of the datastore army from a registry on a host
// without its images — the module image pulled by the CLI, the datastore image (an execute param) by
// the API container — against `docker pull` of the same two images, interleaved in one run. So that
// the host really lacks them, each image is pushed as one flattened layer of its own (export +
// import keep its filesystem and config): removing it removes its only layer, and a pull downloads
// everything. Reported: the exec's wall time, the pull's share of it (the CLI's pull phase, plus the
// datastore image's pull as the API container logs it — "image pulled" with its duration; the
// army's starts ask for it at once and Docker pulls it once, so the longest counts), and the ratio
// of that share to `docker pull` of both (target ≤ 1.1×).
import { spawnSync } from 'node:child_process';
import { parseId } from '@kurtosis-ts/domain';
import { backend, KURTOSIS_VERSION, TestRegistry, workspaceRoot } from '@kurtosis-ts/server-test-kit';
import { benchConsole } from './plain-console';
import { docker } from './raw-docker';
import { summarize, timeIt } from './stats';

const RUNS = Number(process.env['BENCH_REGISTRY_RUNS'] ?? 5);
const TARGET_RATIO = 1.1;
const NUM_DATASTORES = 3;
const SOURCES = { army: `kurtosis-ts/datastore-army-module:${KURTOSIS_VERSION}`, datastore: `kurtosis-ts/example-datastore-server:${KURTOSIS_VERSION}` };

function kurtosis(...args: string[]): string {
  const result = spawnSync('npx', ['--no-install', 'kurtosis', ...args], { cwd: workspaceRoot(), encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  if (result.status !== 0) throw new Error(`kurtosis ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result.stderr;
}

/** The image as one layer of its own (same files, entrypoint, command, environment, working directory). */
async function flattened(source: string, tag: string): Promise<string> {
  const config = JSON.parse(await docker('image', 'inspect', '-f', '{{json .Config}}', source)) as { Entrypoint?: string[]; Cmd?: string[]; Env?: string[]; WorkingDir?: string };
  const changes = [
    ...(config.Entrypoint ? [`ENTRYPOINT ${JSON.stringify(config.Entrypoint)}`] : []),
    ...(config.Cmd ? [`CMD ${JSON.stringify(config.Cmd)}`] : []),
    ...(config.Env ?? []).map((e) => `ENV ${e.split('=')[0]}=${JSON.stringify(e.slice(e.indexOf('=') + 1))}`),
    ...(config.WorkingDir ? [`WORKDIR ${config.WorkingDir}`] : []),
    'LABEL com.kurtosistech.test=bench-registry',
  ];
  const container = await docker('create', '--label', 'com.kurtosistech.test=bench-registry', source);
  try {
    const result = spawnSync('sh', ['-c', `docker export ${container} | docker import ${changes.map((c) => `--change '${c.replace(/'/g, `'\\''`)}'`).join(' ')} - ${tag}`], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`flattening ${source}: ${result.stderr}`);
  } finally {
    await docker('rm', '-f', container);
  }
  return tag;
}

/** The longest "image pulled" the enclave's API container logged for `image`, in ms. */
async function apiContainerPullMs(enclaveId: string, image: string): Promise<number> {
  const log = await backend.getLastLogLines({ kind: 'api-container', enclaveId: parseId('enclave', enclaveId) }, 100_000);
  const pulls = log
    .split('\n')
    .flatMap((line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; image?: string; ms?: number };
        return entry.msg === 'image pulled' && entry.image === image && typeof entry.ms === 'number' ? [entry.ms] : [];
      } catch {
        return [];
      }
    });
  if (pulls.length === 0) throw new Error(`the API container of ${enclaveId} logged no pull of ${image}: was it present already?`);
  return Math.max(...pulls);
}

const removeLocal = (...images: string[]) => spawnSync('docker', ['image', 'rm', '-f', ...images], { stdio: 'ignore' });

async function main(): Promise<void> {
  const enginesBefore = (await backend.getEngines()).map((e) => e.guid);
  const registry = TestRegistry.open();
  const enclaves: string[] = [];
  const flat: string[] = [];
  const samples = { wall: [] as number[], pullShare: [] as number[], cliPull: [] as number[], dockerPull: [] as number[] };
  try {
    flat.push(await flattened(SOURCES.army, `kurtosis-ts-bench/army-flat:${process.pid}`), await flattened(SOURCES.datastore, `kurtosis-ts-bench/datastore-flat:${process.pid}`));
    const army = registry.push(flat[0], `kurtosis-ts-bench/datastore-army-module:${process.pid}`);
    const datastore = registry.push(flat[1], `kurtosis-ts-bench/example-datastore-server:${process.pid}`);
    removeLocal(...flat);
    const sizes = (await Promise.all([army, datastore].map(async (image) => {
      await docker('pull', '-q', image);
      return Number(await docker('image', 'inspect', '-f', '{{.Size}}', image));
    }))).map((bytes) => `${(bytes / 1e6).toFixed(0)} MB`);
    kurtosis('engine', 'start');
    const exec = (enclaveId: string) => {
      enclaves.push(enclaveId);
      const stderr = kurtosis('module', 'exec', army, '--enclave-id', enclaveId, '--timings', '--execute-params', JSON.stringify({ numDatastores: NUM_DATASTORES, datastoreImage: datastore }));
      return JSON.parse(/timings (\{.*\})/.exec(stderr)?.[1] ?? '{}') as Record<string, number>;
    };
    const dockerPulls = async () => {
      // docker pull of both, from a host without them, one after the other as the exec needs them:
      // the module first, then what it starts.
      removeLocal(army, datastore);
      samples.dockerPull.push(
        await timeIt(async () => {
          await docker('pull', '-q', army);
          await docker('pull', '-q', datastore);
        }),
      );
    };
    const execs = async (i: number) => {
      // The exec, from a host without them.
      removeLocal(army, datastore);
      let cold: Record<string, number> = {};
      const enclaveId = `bench-registry-${process.pid}-${i}`;
      samples.wall.push(await timeIt(async () => void (cold = exec(enclaveId))));
      samples.cliPull.push(cold['pull'] ?? 0);
      samples.pullShare.push((cold['pull'] ?? 0) + (await apiContainerPullMs(enclaveId, datastore)));
      for (const id of enclaves.splice(0)) kurtosis('enclave', 'rm', '-f', id);
    };
    for (let i = 0; i < RUNS; i++) {
      // Alternating which goes first, so neither side always meets a cold registry or a busy disk.
      if (i % 2 === 0) {
        await dockerPulls();
        await execs(i);
      } else {
        await execs(i);
        await dockerPulls();
      }
    }
    const p50 = (xs: number[]) => Math.round(summarize(xs).p50);
    const ratio = summarize(samples.pullShare).p50 / summarize(samples.dockerPull).p50;
    benchConsole.table([
      { measure: `module exec from ${registry.host}, army of ${NUM_DATASTORES} (wall)`, 'p50 ms': p50(samples.wall) },
      { measure: "its pull share (CLI's pull of the module + the API container's of the datastore)", 'p50 ms': p50(samples.pullShare) },
      { measure: "  of which the CLI's pull of the module image", 'p50 ms': p50(samples.cliPull) },
      { measure: 'docker pull of the same two images, one after the other', 'p50 ms': p50(samples.dockerPull) },
    ]);
    const ok = ratio <= TARGET_RATIO;
    console.log(`images: army ${sizes[0]}, datastore ${sizes[1]} (one layer each); pull share / docker pull = ${ratio.toFixed(2)}x (target <= ${TARGET_RATIO}x): ${ok ? 'ok' : 'MISSED'}; pull share of the wall time: ${((100 * summarize(samples.pullShare).p50) / summarize(samples.wall).p50).toFixed(0)}%`);
    process.exitCode = ok ? 0 : 1;
  } finally {
    for (const id of enclaves) await backend.destroyEnclave(parseId('enclave', id)).catch(() => undefined);
    for (const e of await backend.getEngines()) if (!enginesBefore.includes(e.guid)) await backend.destroyEngine(e.guid);
    removeLocal(...flat);
    await registry.close();
  }
}

main().catch((err: unknown) => {
  console.error('benchmark failed:', err);
  process.exitCode = 1;
});
