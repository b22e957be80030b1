// `npm run bench:registry`: `kurtosis module exec` of the datastore army from a registry on a host
// without its images — the module image pulled by the CLI, the datastore image (an execute param) by
// the API container — against `docker pull` of the same two images, in one run. So that the host
// really lacks them, each image is pushed as one flattened layer of its own (export + import keep its
// filesystem and config): removing it removes its only layer, and a pull downloads everything.
//
// The question a user asks: is letting kurtosis pull as fast as pulling with docker first? Each round
// has two sides, in an order that alternates: the exec that pulls, and `docker pull` of both images
// followed by the same exec. The pull's share of the exec is the pulling exec's wall time minus the
// exec after docker pull; its ratio to `docker pull` (target ≤ 1.1×) is taken per round and the
// median of the rounds reported. Each side starts from the same state (sameStart), because how fast
// a layer extracts on a small VM depends on what the page cache went through before (page-cache.ts).
// Also shown: how long each pull itself took — the CLI's of the module (its "Pulled … in" line; it
// overlaps the enclave's creation) and the API container's of the datastore (its "image pulled" log)
// — against `docker pull` of each image alone, and where the two execs spend their time.
import { spawnSync } from 'node:child_process';
import { parseId } from '@kurtosis-ts/domain';
import { backend, KURTOSIS_VERSION, TestRegistry, workspaceRoot } from '@kurtosis-ts/server-test-kit';
import { dropPageCache } from './page-cache';
import { benchConsole } from './plain-console';
import { docker } from './raw-docker';
import { summarize, timeIt } from './stats';

const RUNS = Number(process.env['BENCH_REGISTRY_RUNS'] ?? 6);
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

/** How long the CLI said its pull of `image` took ("Pulled … in 5.7 s"), in ms. */
function cliPullMs(stderr: string, image: string): number {
  const line = stderr.split('\n').find((l) => l.startsWith(`Pulled ${image} `));
  const seconds = /in ([\d.]+) s$/.exec(line ?? '')?.[1];
  if (!seconds) throw new Error(`the CLI did not say it pulled ${image}: was it present already?`);
  return Number(seconds) * 1000;
}

type Measure = 'kurtosis' | 'docker';
const ORDERS: Measure[][] = [
  ['kurtosis', 'docker'],
  ['docker', 'kurtosis'],
];

const p50 = (xs: number[]) => Math.round(summarize(xs).p50);
const ms = (value: number) => `${(value / 1000).toFixed(1)} s`;
const medians = (phases: Record<string, number[]>) => JSON.stringify(Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, p50(v)])));

async function main(): Promise<void> {
  const enginesBefore = (await backend.getEngines()).map((e) => e.guid);
  const registry = TestRegistry.open();
  const enclaves: string[] = [];
  const flat: string[] = [];
  const samples = { cold: [] as number[], afterDocker: [] as number[], warm: [] as number[], docker: [] as number[], share: [] as number[], ratio: [] as number[] };
  const pulls = { cliArmy: [] as number[], apiDatastore: [] as number[], dockerArmy: [] as number[], dockerDatastore: [] as number[] };
  const phases = { cold: {} as Record<string, number[]>, afterDocker: {} as Record<string, number[]> };
  try {
    flat.push(await flattened(SOURCES.army, `kurtosis-ts-bench/army-flat:${process.pid}`), await flattened(SOURCES.datastore, `kurtosis-ts-bench/datastore-flat:${process.pid}`));
    const army = registry.push(flat[0], `kurtosis-ts-bench/datastore-army-module:${process.pid}`);
    const datastore = registry.push(flat[1], `kurtosis-ts-bench/example-datastore-server:${process.pid}`);
    removeLocal(...flat);
    const sizes: string[] = [];
    for (const image of [army, datastore]) {
      await docker('pull', '-q', image);
      sizes.push(`${(Number(await docker('image', 'inspect', '-f', '{{.Size}}', image)) / 1e6).toFixed(0)} MB`);
    }
    kurtosis('engine', 'start');
    let execs = 0;
    /** One exec of the army, its enclave removed after: wall time, the CLI's stderr and --timings, the enclave's ID. */
    const exec = async (expectPull: boolean) => {
      const enclaveId = `bench-registry-${process.pid}-${execs++}`;
      enclaves.push(enclaveId);
      let stderr = '';
      const wall = await timeIt(async () => {
        stderr = kurtosis('module', 'exec', army, '--enclave-id', enclaveId, '--timings', '--execute-params', JSON.stringify({ numDatastores: NUM_DATASTORES, datastoreImage: datastore }));
      });
      if (stderr.includes(`Pulling ${army}`) !== expectPull) throw new Error(`the exec ${expectPull ? 'did not pull' : 'pulled'} ${army}: ${stderr}`);
      const timings = JSON.parse(/timings (\{.*\})/.exec(stderr)?.[1] ?? '{}') as Record<string, number>;
      const datastorePullMs = expectPull ? await apiContainerPullMs(enclaveId, datastore) : 0;
      for (const id of enclaves.splice(0)) kurtosis('enclave', 'rm', '-f', id);
      return { wall, stderr, timings, datastorePullMs };
    };
    const record = (into: Record<string, number[]>, timings: Record<string, number>) => {
      for (const [phase, took] of Object.entries(timings)) (into[phase] ??= []).push(took);
    };
    /**
     * Before each side, the same state: the page cache dropped (page-cache.ts), then one exec with the
     * images present (the warm exec; what every exec reads besides the pulled images — the CLI, the
     * API container's image — is cached again, as on any machine that ran kurtosis before), then both
     * images removed. Every side leaves both images present for the next.
     */
    const sameStart = async () => {
      dropPageCache();
      samples.warm.push((await exec(false)).wall);
      removeLocal(army, datastore);
    };
    const sides: Record<Measure, () => Promise<void>> = {
      // The exec pulls: the module image by the CLI, the datastore image by the API container.
      kurtosis: async () => {
        await sameStart();
        const run = await exec(true);
        samples.cold.push(run.wall);
        pulls.cliArmy.push(cliPullMs(run.stderr, army));
        pulls.apiDatastore.push(run.datastorePullMs);
        record(phases.cold, run.timings);
      },
      // The user pulls with docker, then execs. This exec pays what any first use of a just-pulled
      // image costs (Docker's first create from a new image takes ~0.5 s more than the next), as
      // the pulling exec does, so the difference of the two is the pulling alone.
      docker: async () => {
        await sameStart();
        const armyMs = await timeIt(() => docker('pull', '-q', army));
        const datastoreMs = await timeIt(() => docker('pull', '-q', datastore));
        pulls.dockerArmy.push(armyMs);
        pulls.dockerDatastore.push(datastoreMs);
        samples.docker.push(armyMs + datastoreMs);
        const run = await exec(false);
        samples.afterDocker.push(run.wall);
        record(phases.afterDocker, run.timings);
      },
    };
    for (let round = 0; round < RUNS; round++) {
      for (const side of ORDERS[round % ORDERS.length]) await sides[side]();
      const [cold, after, dockerMs] = [samples.cold[round], samples.afterDocker[round], samples.docker[round]];
      samples.share.push(cold - after);
      samples.ratio.push((cold - after) / dockerMs);
      console.log(`round ${round + 1}/${RUNS}: exec pulling ${ms(cold)}, exec after docker pull ${ms(after)} → pull share ${ms(cold - after)}; docker pull ${ms(dockerMs)} → ${((cold - after) / dockerMs).toFixed(2)}x`);
    }
    const ratio = summarize(samples.ratio).p50;
    benchConsole.table([
      { measure: `module exec from ${registry.host}, army of ${NUM_DATASTORES}, pulling both images (wall)`, 'p50 ms': p50(samples.cold) },
      { measure: '  the same exec right after docker pull of both (wall)', 'p50 ms': p50(samples.afterDocker) },
      { measure: '  the pull share: the difference', 'p50 ms': p50(samples.share) },
      { measure: 'docker pull of the same two images, one after the other', 'p50 ms': p50(samples.docker) },
      { measure: 'the same exec with images used before (warm, wall)', 'p50 ms': p50(samples.warm) },
      { measure: "the CLI's pull of the module image (overlaps the enclave's creation)", 'p50 ms': p50(pulls.cliArmy) },
      { measure: '  docker pull of the module image', 'p50 ms': p50(pulls.dockerArmy) },
      { measure: "the API container's pull of the datastore image", 'p50 ms': p50(pulls.apiDatastore) },
      { measure: '  docker pull of the datastore image', 'p50 ms': p50(pulls.dockerDatastore) },
    ]);
    // Where the pulling exec spends its time, against the exec after docker pull (--timings, p50 per phase).
    console.log(`phases, exec pulling: ${medians(phases.cold)}`);
    console.log(`phases, exec after docker pull: ${medians(phases.afterDocker)}`);
    const ok = ratio <= TARGET_RATIO;
    console.log(
      `images: army ${sizes[0]}, datastore ${sizes[1]} (one layer each); pull share / docker pull, median of ${RUNS} rounds = ${ratio.toFixed(2)}x ` +
        `(rounds ${samples.ratio.map((r) => r.toFixed(2)).join(', ')}; target <= ${TARGET_RATIO}x): ${ok ? 'ok' : 'MISSED'}; ` +
        `pull share of the wall time: ${((100 * summarize(samples.share).p50) / summarize(samples.cold).p50).toFixed(0)}%`,
    );
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
