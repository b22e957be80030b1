// `kurtosis engine stop`: the local engine goes (enclaves keep running).
import type { Command } from 'commander';
import { LocalEngine } from '../../engine/local-engine';
import { DEFAULT_ENGINE_ADDRESS } from '../../engine/engine-address';
import { CliFailure } from '../../errors/cli-errors';
import { withProgress } from '../../output/progress';
import { commandOf, examples, verb } from '../../program-parts';
import type { Run } from '../../program-parts';

export function addEngineStop(engine: Command, run: Run): void {
  const command = verb(engine, 'stop', 'Stop and remove the local engine (enclaves keep running)');
  examples(command, ['kurtosis engine stop']);
  command.action((...args: unknown[]) =>
    run(commandOf(args), async (cli) => {
      if (!cli.engine.isLocalDefault) throw new CliFailure(`The CLI stops only the local engine (${DEFAULT_ENGINE_ADDRESS}), not ${cli.engine.address}`);
      await withProgress(cli, 'Stopping the engine', () => new LocalEngine(cli).stop(), { done: (n) => (n ? 'Engine stopped' : 'No engine was running') });
    }),
  );
}
