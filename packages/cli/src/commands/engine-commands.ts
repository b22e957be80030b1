// `kurtosis engine start | stop | restart | status`, `kurtosis clean`, `kurtosis version`.
import type { Command } from 'commander';
import { CLIENT_VERSION, KurtosisContext } from '@kurtosis-ts/engine-client';
import type { EngineVersionInfo } from '@kurtosis-ts/engine-client';
import { backend, connectToEngine, ENGINE_IMAGE, engineAddress, removeDeadEngines, runningEngine, startEngine, stopEngines } from '../engine-lifecycle';
import { info, printJson, printTable, withProgress } from '../output';
import { deadEngines } from '../runtime-rows';

/** What the running engine says of its versions; undefined when none runs or it does not answer. */
async function runningEngineVersions(): Promise<{ address: string; port: number; containerId: string; versions?: EngineVersionInfo } | undefined> {
  const running = await runningEngine();
  if (!running?.publicAddress) return undefined;
  const address = engineAddress(running);
  const versions = await KurtosisContext.readEngineVersion(address).catch(() => undefined);
  // The engine's guid is what the platform shows of its container (Docker: the short container ID).
  return { address, port: running.publicAddress.port, containerId: running.guid, ...(versions ? { versions } : {}) };
}

type Run = (work: () => Promise<void>) => Promise<void>;

export function addEngineCommands(program: Command, run: Run): void {
  const engine = program.command('engine').description('Manage the engine');

  engine
    .command('start')
    .description('Start the engine unless one runs (engine containers that no longer run are removed)')
    .action(() =>
      run(async () => {
        await removeDeadEngines();
        const running = await runningEngine();
        if (running) return info(`An engine is already running (version ${running.version}, ${engineAddress(running)})`);
        const started = await startEngine();
        info(`Engine ${started.version} running on ${engineAddress(started)}`);
      }),
    );

  engine
    .command('stop')
    .description('Stop and remove the engine (enclaves keep running)')
    .action(() =>
      run(async () => {
        const stopped = await withProgress('Stopping the engine', () => stopEngines());
        info(stopped ? 'Engine stopped' : 'No engine was running');
      }),
    );

  engine
    .command('restart')
    .description('Stop the engine and start one of this CLI’s version')
    .action(() =>
      run(async () => {
        await stopEngines();
        const started = await startEngine();
        info(`Engine ${started.version} running on ${engineAddress(started)}`);
      }),
    );

  engine
    .command('status')
    .description('Say whether an engine runs: its versions, port and container, and engine containers left dead')
    .option('--json', 'print JSON', false)
    .action((o: { json: boolean }) =>
      run(async () => {
        const [running, engines] = await Promise.all([runningEngineVersions(), backend.getEngines()]);
        const status = {
          running: Boolean(running),
          version: running?.versions ? (running.versions.implementationVersion ?? running.versions.reported) : null,
          engineApiVersion: running?.versions?.apiVersion ?? null,
          port: running?.port ?? null,
          containerId: running?.containerId ?? null,
          image: ENGINE_IMAGE,
          // Killed engines' containers; `kurtosis engine start` removes them.
          deadEngineContainers: deadEngines(engines).map((e) => e.guid),
        };
        if (o.json) return printJson(status);
        process.stdout.write(
          running
            ? `Engine running: version ${status.version ?? '(did not answer)'}, engine API ${status.engineApiVersion ?? '?'}, on ${running?.address} (container ${status.containerId})\n`
            : 'No engine is running\n',
        );
        if (status.deadEngineContainers.length > 0) {
          process.stdout.write(`Engine containers that no longer run (removed by \`kurtosis engine start\`): ${status.deadEngineContainers.join(', ')}\n`);
        }
      }),
    );

  program
    .command('clean')
    .description('Remove stopped enclaves (-a: all enclaves)')
    .option('-a, --all', 'remove running enclaves too', false)
    .option('--json', 'print JSON', false)
    .action((o: { all: boolean; json: boolean }) =>
      run(async () => {
        const kurtosis = await connectToEngine(false);
        const removed = [...(await withProgress('Cleaning', () => kurtosis.clean(o.all)))].sort();
        kurtosis.close();
        if (o.json) printJson(removed);
        else printTable(['REMOVED ENCLAVE'], removed.map((id) => [id]));
      }),
    );

  program
    .command('version')
    .description("Print the CLI's version, and the running engine's version and engine API version")
    .option('--json', 'print JSON', false)
    .action((o: { json: boolean }) =>
      run(async () => {
        const versions = (await runningEngineVersions())?.versions;
        const report = {
          cli: CLIENT_VERSION,
          engine: versions ? (versions.implementationVersion ?? versions.reported) : null,
          engineApi: versions?.apiVersion ?? null,
        };
        if (o.json) return printJson(report);
        process.stdout.write(`CLI:        ${report.cli}\nEngine:     ${report.engine ?? 'not running'}\nEngine API: ${report.engineApi ?? '-'}\n`);
      }),
    );
}
