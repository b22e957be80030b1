// What pause, unpause, stop, restart and kill share: they go through the API container (our
// ServiceLifecycleService), act on each named service in turn and print its status afterwards.
import type { Command } from 'commander';
import type { EnclaveContext } from '@kurtosis-ts/engine-client';
import { withEnclave } from '../../engine/connection';
import { UsageError } from '../../errors/cli-errors';
import { commandOf, examples, verb } from '../../program-parts';
import type { Run } from '../../program-parts';

export interface LifecycleOptions {
  timeout?: string;
  signal?: string;
}

export function timeoutSeconds(flag: string): number {
  const seconds = Number(flag);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 3600) throw new UsageError(`--timeout must be a whole number of seconds from 0 to 3600, not '${flag}'`);
  return seconds;
}

export function addLifecycleVerb(
  service: Command,
  run: Run,
  name: string,
  description: string,
  act: (enclave: EnclaveContext, serviceId: string, o: { timeout: number; signal: string }) => Promise<void>,
  configure: (command: Command) => Command = (c) => c,
): void {
  const command = configure(verb(service, `${name} <enclave-id> <service-ids...>`, description));
  examples(command, [`kurtosis service ${name} my-enclave web`, `kurtosis service ${name} my-enclave web db`]);
  command.action((enclaveId: string, serviceIds: string[], ...rest: unknown[]) =>
    run(commandOf(rest), async (cli) => {
      const o = rest[0] as LifecycleOptions;
      // Checked before anything is asked of the engine.
      const options = { timeout: o.timeout === undefined ? 0 : timeoutSeconds(o.timeout), signal: o.signal ?? 'SIGKILL' };
      await withEnclave(cli, enclaveId, async (enclave) => {
        for (const serviceId of serviceIds) {
          await act(enclave, serviceId, options);
          const { status } = await enclave.getServiceStatus(serviceId);
          cli.write(`${serviceId}: ${status}\n`);
        }
      });
    }),
  );
}
