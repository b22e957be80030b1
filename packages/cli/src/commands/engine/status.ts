// `kurtosis engine status`: whether an engine answers, its versions and port; for the local engine
// also its container (the engine's guid on the platform) and engine containers left dead.
import type { Command } from 'commander';
import { deadEngines, engineImage, LocalEngine } from '../../engine/local-engine';
import { withOutputOptions } from '../../output/output-format';
import type { OutputFlags } from '../../output/output-format';
import { printJson } from '../../output/print';
import { commandOf, examples, verb } from '../../program-parts';
import type { Run } from '../../program-parts';
import { answeringEngineVersions, shownVersion } from './engine-versions';

export function addEngineStatus(engine: Command, run: Run): void {
  const command = withOutputOptions(verb(engine, 'status', 'Say whether an engine runs: its versions, address and container, and engine containers left dead'));
  examples(command, ['kurtosis engine status', 'kurtosis engine status -o json', 'kurtosis --engine localhost:19710 engine status']);
  command.action((...args: unknown[]) =>
    run(commandOf(args), async (cli) => {
      const versions = await answeringEngineVersions(cli);
      const local = cli.engine.isLocalDefault ? new LocalEngine(cli) : undefined;
      const [running, engines] = local ? await Promise.all([local.running(), local.all()]) : [undefined, []];
      const status = {
        running: Boolean(versions),
        address: cli.engine.address,
        version: shownVersion(versions),
        engineApiVersion: versions?.apiVersion ?? null,
        port: versions ? Number(cli.engine.address.split(':').pop()) : null,
        containerId: running?.guid ?? null,
        image: engineImage(cli.env),
        // Killed engines' containers; `kurtosis engine start` removes them.
        deadEngineContainers: deadEngines(engines).map((e) => e.guid),
      };
      if (cli.layout(args[0] as OutputFlags) === 'json') return printJson(cli, status);
      cli.write(
        status.running
          ? `Engine running: version ${status.version}, engine API ${status.engineApiVersion}, on ${status.address}${status.containerId ? ` (container ${status.containerId})` : ''}\n`
          : `No engine is running at ${status.address}\n`,
      );
      if (status.deadEngineContainers.length > 0) cli.write(`Engine containers that no longer run (removed by \`kurtosis engine start\`): ${status.deadEngineContainers.join(', ')}\n`);
    }),
  );
}
