// `kurtosis service ls ENCLAVE`: each service with its status (running, paused, stopped with its exit
// code), private IP, ports with their host bindings, and partition.
import type { Command } from 'commander';
import { withEnclave } from '../../engine/connection';
import { readOverview } from '../../engine/overview';
import { SERVICE_HEAD, serviceRows } from '../../format/overview-rows';
import { withOutputOptions } from '../../output/output-format';
import type { OutputFlags } from '../../output/output-format';
import { printRows } from '../../output/print';
import { commandOf, examples, verb } from '../../program-parts';
import type { Run } from '../../program-parts';

export function addServiceLs(service: Command, run: Run): void {
  const command = withOutputOptions(verb(service, 'ls <enclave-id>', 'List the services of an enclave'));
  examples(command, ['kurtosis service ls my-enclave', 'kurtosis service ls my-enclave -o json', 'kurtosis service ls my-enclave --no-headers | cut -f1']);
  command.action((enclaveId: string, ...rest: unknown[]) =>
    run(commandOf(rest), async (cli) => {
      const overview = await withEnclave(cli, enclaveId, readOverview);
      printRows(cli, rest[0] as OutputFlags, SERVICE_HEAD, serviceRows(overview.services), overview.services);
    }),
  );
}
