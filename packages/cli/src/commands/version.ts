// `kurtosis version`: the CLI's version, and the engine's version and engine API version.
import type { Command } from 'commander';
import { CLIENT_VERSION } from '@kurtosis-ts/engine-client';
import { withOutputOptions } from '../output/output-format';
import type { OutputFlags } from '../output/output-format';
import { printJson } from '../output/print';
import { commandOf, examples, verb } from '../program-parts';
import type { Run } from '../program-parts';
import { answeringEngineVersions, shownVersion } from './engine/engine-versions';

export function addVersion(program: Command, run: Run): void {
  const command = withOutputOptions(verb(program, 'version', "Print the CLI's version, and the engine's version and engine API version"));
  examples(command, ['kurtosis version', 'kurtosis version -o json', 'kurtosis --version']);
  command.action((...args: unknown[]) =>
    run(commandOf(args), async (cli) => {
      const versions = await answeringEngineVersions(cli);
      const report = { cli: CLIENT_VERSION, engine: shownVersion(versions), engineApi: versions?.apiVersion ?? null };
      if (cli.layout(args[0] as OutputFlags) === 'json') return printJson(cli, report);
      cli.write(`CLI:        ${report.cli}\nEngine:     ${report.engine ?? 'not running'}\nEngine API: ${report.engineApi ?? '-'}\n`);
    }),
  );
}
