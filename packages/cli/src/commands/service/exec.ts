// `kurtosis service exec ENCLAVE SERVICE [--] CMD…`: argv run in the service (no shell); its stdout on
// stdout, its stderr on stderr, and its exit code as the CLI's.
import type { Command } from 'commander';
import { KurtosisError, StatusCode } from '@kurtosis-ts/engine-client';
import { withEnclave } from '../../engine/connection';
import { UsageError } from '../../errors/cli-errors';
import { commandOf, examples, verb } from '../../program-parts';
import type { Run } from '../../program-parts';

export function addServiceExec(service: Command, run: Run): void {
  const command = verb(service, 'exec <enclave-id> <service-id> <command...>', 'Run a command (argv, no shell) in a service; exits with its exit code').passThroughOptions();
  examples(command, ['kurtosis service exec my-enclave web -- ls -l /', `kurtosis service exec my-enclave web sh -c 'echo hi >&2; exit 3'`]);
  command.action((enclaveId: string, serviceId: string, argv: string[], ...rest: unknown[]) =>
    run(commandOf(rest), async (cli) => {
      // Options pass through to the command, so a leading `--` arrives as a word of its own.
      if (argv[0] === '--') argv = argv.slice(1);
      if (argv.length === 0) throw new UsageError('service exec needs a command after --');
      const code = await withEnclave(cli, enclaveId, async (enclave) => {
        const target = await enclave.getServiceContext(serviceId);
        try {
          const result = await target.execCommandWithSeparateOutput(argv);
          process.stdout.write(result.stdout);
          process.stderr.write(result.stderr);
          return result.exitCode;
        } catch (err) {
          // An original API container: only the combined output exists.
          if (!(err instanceof KurtosisError && err.code === StatusCode.UNIMPLEMENTED)) throw err;
          const result = await target.execCommand(argv);
          process.stdout.write(result.logOutput);
          return result.exitCode;
        }
      });
      process.exitCode = code;
    }),
  );
}
