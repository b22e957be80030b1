// `kurtosis engine restart`: the local engine replaced by one of this CLI's version.
import type { Command } from 'commander';
import { LocalEngine } from '../../engine/local-engine';
import { DEFAULT_ENGINE_ADDRESS } from '../../engine/engine-address';
import { CliFailure } from '../../errors/cli-errors';
import { commandOf, examples, verb } from '../../program-parts';
import type { Run } from '../../program-parts';

export function addEngineRestart(engine: Command, run: Run): void {
  const command = verb(engine, 'restart', 'Stop the local engine and start one of this CLI’s version');
  examples(command, ['kurtosis engine restart']);
  command.action((...args: unknown[]) =>
    run(commandOf(args), async (cli) => {
      if (!cli.engine.isLocalDefault) throw new CliFailure(`The CLI restarts only the local engine (${DEFAULT_ENGINE_ADDRESS}), not ${cli.engine.address}`);
      const local = new LocalEngine(cli);
      await local.stop();
      await local.start();
    }),
  );
}
