// `kurtosis service shell ENCLAVE SERVICE`: an interactive sh in a service — the one thing here only
// the container platform can do, so it goes to the platform (OperatorBackend, after the API
// container confirmed the service).
import type { Command } from 'commander';
import { enclaveIdArg } from '../../cli-ids';
import { withEnclave } from '../../engine/connection';
import { LocalEngine } from '../../engine/local-engine';
import { CliFailure } from '../../errors/cli-errors';
import { commandOf, examples, verb } from '../../program-parts';
import type { Run } from '../../program-parts';

export function addServiceShell(service: Command, run: Run): void {
  const command = verb(service, 'shell <enclave-id> <service-id>', 'Open a shell (sh) in a service: a terminal when stdin is one, piped input otherwise');
  examples(command, ['kurtosis service shell my-enclave web', `echo 'cat /etc/hostname' | kurtosis service shell my-enclave web`]);
  command.action((enclaveId: string, serviceId: string, ...rest: unknown[]) =>
    run(commandOf(rest), async (cli) => {
      await withEnclave(cli, enclaveId, (enclave) => enclave.getServiceContext(serviceId));
      const runtime = new LocalEngine(cli);
      const target = await runtime.serviceProcess(enclaveIdArg(enclaveId), serviceId);
      if (!target) throw new CliFailure(`Service '${serviceId}' of enclave '${enclaveId}' has no process on this machine's container platform (is the engine remote?)`);
      const stdin = process.stdin;
      if (stdin.isTTY) stdin.setRawMode(true);
      try {
        process.exitCode = await runtime.execInteractive(target, ['sh'], { stdin, stdout: process.stdout, tty: Boolean(stdin.isTTY) });
      } finally {
        if (stdin.isTTY) stdin.setRawMode(false);
        stdin.pause();
      }
    }),
  );
}
