// `npm run bench:cli`: `kurtosis module exec` of a module whose Execute returns at once, with the
// engine already running; the wall time split into its phases (p50 of 5), and what we add on top of
// Docker's own starts of the two containers involved (API container, module), measured in the same run.
import { benchConsole } from './plain-console';
import { spawnSync } from 'node:child_process';
import { parseId } from '@kurtosis-ts/domain';
import { backend, KURTOSIS_VERSION, TestModuleImage, workspaceRoot } from '@kurtosis-ts/server-test-kit';
import { docker } from './raw-docker';
import { summarize, timeIt } from './stats';

const RUNS = Number(process.env['BENCH_CLI_RUNS'] ?? 5);
const TARGET_OVERHEAD_MS = 1_000;

function kurtosis(...args: string[]) {
  const result = spawnSync('npx', ['--no-install', 'kurtosis', ...args], { cwd: workspaceRoot(), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`kurtosis ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result;
}

async function main(): Promise<void> {
  const enginesBefore = (await backend.getEngines()).map((e) => e.guid);
  const image = TestModuleImage.build('cli-bench-module');
  const enclaves: string[] = [];
  const phases: Record<string, number[]> = {};
  const walls: number[] = [];
  const rawStarts: number[] = [];
  try {
    kurtosis('engine', 'start');
    for (let i = -1; i < RUNS; i++) {
      const enclaveId = `bench-cli-${process.pid}-${i + 1}`;
      enclaves.push(enclaveId);
      let stderr = '';
      const wall = await timeIt(async () => {
        stderr = kurtosis('module', 'exec', image.tag, '--enclave-id', enclaveId, '--timings', '--execute-params', '{"action":"count"}').stderr;
      });
      // Docker's own part: `docker run -d` of the two images the command starts (removal not timed).
      let raw = 0;
      for (const img of [`kurtosis-ts/api-container:${KURTOSIS_VERSION}`, image.tag]) {
        let id = '';
        raw += await timeIt(async () => {
          id = await docker('run', '-d', '--label', 'com.kurtosistech.app-id=kurtosis', '--label', 'com.kurtosistech.test=bench', img);
        });
        await docker('rm', '-f', id);
      }
      if (i < 0) continue;
      walls.push(wall);
      rawStarts.push(raw);
      const timings = JSON.parse(/timings (\{.*\})/.exec(stderr)?.[1] ?? '{}') as Record<string, number>;
      for (const [phase, ms] of Object.entries(timings)) (phases[phase] ??= []).push(ms);
      (phases['all phases'] ??= []).push(Object.values(timings).reduce((a, b) => a + b, 0));
      kurtosis('enclave', 'rm', '-f', enclaveId);
    }
  } finally {
    for (const id of enclaves) await backend.destroyEnclave(parseId('enclave', id));
    for (const e of await backend.getEngines()) if (!enginesBefore.includes(e.guid)) await backend.destroyEngine(e.guid);
    image.remove();
  }
  const rows = Object.entries(phases).map(([phase, samples]) => ({ phase, 'p50 ms': Math.round(summarize(samples).p50) }));
  const wallP50 = summarize(walls).p50;
  const rawP50 = summarize(rawStarts).p50;
  rows.push({ phase: 'whole command (wall, incl. npx and node start)', 'p50 ms': Math.round(wallP50) });
  benchConsole.table(rows);
  const overhead = summarize(phases['all phases'] ?? [0]).p50 - rawP50;
  const ok = overhead < TARGET_OVERHEAD_MS;
  console.log(
    `docker run -d of the API container and module images: p50 ${Math.round(rawP50)} ms; ` +
      `the command's phases add ${Math.round(overhead)} ms on top (target < ${TARGET_OVERHEAD_MS} ms): ${ok ? 'ok' : 'MISSED'}; ` +
      `npx + node start + bundle load add ${Math.round(wallP50 - summarize(phases['all phases'] ?? [0]).p50)} ms more`,
  );
  process.exitCode = ok ? 0 : 1;
}

main().catch((err: unknown) => {
  console.error('benchmark failed:', err);
  process.exitCode = 1;
});
