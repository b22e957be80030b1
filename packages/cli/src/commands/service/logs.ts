// `kurtosis service logs ENCLAVE SERVICE [-f] [--tail N] [--since T] [--timestamps]`: its stdout on
// stdout and its stderr on stderr, as `docker logs` prints them.
import type { Command } from 'commander';
import { withEnclave } from '../../engine/connection';
import { commandOf, examples, verb } from '../../program-parts';
import type { Run } from '../../program-parts';
import { logRequest, withLogOptions } from '../enclave/logs';
import type { LogFlags } from '../enclave/logs';

export function addServiceLogs(service: Command, run: Run): void {
  const command = withLogOptions(verb(service, 'logs <enclave-id> <service-id>', "Print a service's logs (-f: follow them)"));
  examples(command, ['kurtosis service logs my-enclave web', 'kurtosis service logs my-enclave web -f --tail 20', 'kurtosis service logs my-enclave web --since 10m -t']);
  command.action((enclaveId: string, serviceId: string, ...rest: unknown[]) =>
    run(commandOf(rest), async (cli) => {
      const flags = rest[0] as LogFlags;
      await withEnclave(cli, enclaveId, async (enclave) => {
        // Named first, so a missing service is NOT_FOUND rather than an empty log.
        await enclave.getServiceContext(serviceId);
        await enclave.streamLogs(
          { serviceIds: [serviceId], ...logRequest(flags) },
          (line) => {
            const stamp = flags.timestamps && line.timestampMs ? `${new Date(line.timestampMs).toISOString()} ` : '';
            (line.stream === 'stderr' ? process.stderr : process.stdout).write(`${stamp}${line.line}\n`);
          },
          cli.interrupts.signal,
        );
      });
    }),
  );
}
