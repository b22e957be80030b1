// `kurtosis engine start`: the local engine, unless one answers (dead engine containers go first).
import type { Command } from 'commander';
import { LocalEngine } from '../../engine/local-engine';
import { DEFAULT_ENGINE_ADDRESS } from '../../engine/engine-address';
import { CliFailure } from '../../errors/cli-errors';
import { commandOf, examples, verb } from '../../program-parts';
import type { Run } from '../../program-parts';
import { answeringEngineVersions, shownVersion } from './engine-versions';

export function addEngineStart(engine: Command, run: Run): void {
  const command = verb(engine, 'start', 'Start the local engine unless one runs (engine containers that no longer run are removed)').option(
    '--image-registry <host:port>',
    'pull the engine and API container images from this registry when missing (default: $KURTOSIS_IMAGE_REGISTRY, else the local build)',
  );
  examples(command, ['kurtosis engine start', 'kurtosis engine start --image-registry 127.0.0.1:5000']);
  command.action((...args: unknown[]) =>
    run(commandOf(args), async (cli) => {
      const { imageRegistry } = args[0] as { imageRegistry?: string };
      if (!cli.engine.isLocalDefault) throw new CliFailure(`The CLI starts only the local engine (${DEFAULT_ENGINE_ADDRESS}), not ${cli.engine.address} (from ${cli.engine.from})`);
      const local = new LocalEngine(cli, undefined, imageRegistry ? { imageRegistry } : {});
      await local.removeDead();
      const versions = await answeringEngineVersions(cli);
      if (versions) return cli.info(`An engine is already running (version ${shownVersion(versions)}, ${cli.engine.address})`);
      await local.start();
    }),
  );
}
