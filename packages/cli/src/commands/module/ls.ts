// `kurtosis module ls ENCLAVE`: each module with its status (running, or exited with its code), image
// and where it answers.
import type { Command } from 'commander';
import { withEnclave } from '../../engine/connection';
import { readOverview } from '../../engine/overview';
import { MODULE_HEAD, moduleRows } from '../../format/overview-rows';
import { withOutputOptions } from '../../output/output-format';
import type { OutputFlags } from '../../output/output-format';
import { printRows } from '../../output/print';
import { commandOf, examples, verb } from '../../program-parts';
import type { Run } from '../../program-parts';

export function addModuleLs(module: Command, run: Run): void {
  const command = withOutputOptions(verb(module, 'ls <enclave-id>', 'List the modules of an enclave, with their status and image'));
  examples(command, ['kurtosis module ls my-enclave', 'kurtosis module ls my-enclave -o json']);
  command.action((enclaveId: string, ...rest: unknown[]) =>
    run(commandOf(rest), async (cli) => {
      const flags = rest[0] as OutputFlags;
      const overview = await withEnclave(cli, enclaveId, readOverview);
      printRows(cli, flags, MODULE_HEAD, moduleRows(overview.modules), overview.modules);
    }),
  );
}
