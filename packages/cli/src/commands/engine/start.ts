// `kurtosis engine start`: the local engine, unless one answers (dead engine containers go first).
import type { Command } from 'commander';
import { LocalEngine } from '../../engine/local-engine';
import { DEFAULT_ENGINE_ADDRESS } from '../../engine/engine-address';
import { CliFailure } from '../../errors/cli-errors';
import { commandOf, examples, verb } from '../../program-parts';
import type { Run } from '../../program-parts';
import { answeringEngineVersions, shownVersion } from './engine-versions';

export function addEngineStart(engine: Command, run: Run): void {
  const command = verb(engine, 'start', 'Start the local engine unless one runs (engine containers that no longer run are removed)');
  examples(command, ['kurtosis engine start']);
  command.action((...args: unknown[]) =>
    run(commandOf(args), async (cli) => {
      if (!cli.engine.isLocalDefault) throw new CliFailure(`The CLI starts only the local engine (${DEFAULT_ENGINE_ADDRESS}), not ${cli.engine.address} (from ${cli.engine.from})`);
      const local = new LocalEngine(cli);
      await local.removeDead();
      const versions = await answeringEngineVersions(cli);
      if (versions) return cli.info(`An engine is already running (version ${shownVersion(versions)}, ${cli.engine.address})`);
      await local.start();
    }),
  );
}
