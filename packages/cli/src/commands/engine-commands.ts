// `kurtosis engine start | stop | restart | status`, `kurtosis clean`, `kurtosis version`.
import type { Command } from 'commander';
import { CLIENT_VERSION, KurtosisContext } from '@kurtosis-ts/engine-client';
import { connectToEngine, ENGINE_IMAGE, runningEngine, startEngine, stopEngines } from '../engine-lifecycle';
import { info, printJson, printTable, withProgress } from '../output';

type Run = (work: () => Promise<void>) => Promise<void>;

export function addEngineCommands(program: Command, run: Run): void {
  const engine = program.command('engine').description('Manage the engine');

  engine
    .command('start')
    .description('Start the engine unless one runs')
    .action(() =>
      run(async () => {
        const running = await runningEngine();
        if (running) return info(`An engine is already running (version ${running.version}, 127.0.0.1:${running.publicPort})`);
        const started = await startEngine();
        info(`Engine ${started.version} running on 127.0.0.1:${started.publicPort}`);
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
        info(`Engine ${started.version} running on 127.0.0.1:${started.publicPort}`);
      }),
    );

  engine
    .command('status')
    .description('Say whether an engine runs, and its version')
    .option('--json', 'print JSON', false)
    .action((o: { json: boolean }) =>
      run(async () => {
        const running = await runningEngine();
        let version: string | undefined;
        if (running) {
          const kurtosis = await KurtosisContext.connect(`127.0.0.1:${running.publicPort}`).catch(() => undefined);
          version = kurtosis?.engineVersion;
          kurtosis?.close();
        }
        const status = { running: Boolean(running), version: version ?? running?.version ?? null, port: running?.publicPort ?? null, image: ENGINE_IMAGE };
        if (o.json) return printJson(status);
        process.stdout.write(running ? `Engine running: version ${status.version} on 127.0.0.1:${status.port}\n` : 'No engine is running\n');
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
    .description('Print the CLI version')
    .action(() => run(async () => void process.stdout.write(`${CLIENT_VERSION}\n`)));
}
