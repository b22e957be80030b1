// `kurtosis service rm ENCLAVE SERVICE…`: each service stops (SIGTERM, SIGKILL after -t seconds).
import type { Command } from 'commander';
import { withEnclave } from '../../engine/connection';
import { withProgress } from '../../output/progress';
import { commandOf, examples, verb } from '../../program-parts';
import type { Run } from '../../program-parts';
import { timeoutSeconds } from './lifecycle-verb';

export function addServiceRm(service: Command, run: Run): void {
  const command = verb(service, 'rm <enclave-id> <service-ids...>', 'Remove services (SIGTERM, then SIGKILL after the timeout)').option('-t, --timeout <seconds>', 'seconds between SIGTERM and SIGKILL', '10');
  examples(command, ['kurtosis service rm my-enclave web', 'kurtosis service rm my-enclave a b -t 0']);
  command.action((enclaveId: string, serviceIds: string[], ...rest: unknown[]) =>
    run(commandOf(rest), async (cli) => {
      const timeout = timeoutSeconds((rest[0] as { timeout: string }).timeout);
      await withEnclave(cli, enclaveId, async (enclave) => {
        for (const serviceId of serviceIds) {
          await withProgress(cli, `Removing service ${serviceId}${timeout > 0 ? ` (up to ${timeout} s for it to stop)` : ''}`, () => enclave.removeService(serviceId, timeout), {
            done: () => `Removed service ${serviceId}`,
          });
        }
      });
    }),
  );
}
