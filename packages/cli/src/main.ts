// `kurtosis`: every command of docs/behaviour.md. Exit codes: 0 success, 1 failure, 2 usage.
import { Command, CommanderError } from 'commander';
import { CLIENT_VERSION, KurtosisError } from '@kurtosis-ts/engine-client';
import { CliFailure, EXIT_FAILURE, EXIT_USAGE, UsageError } from './cli-errors';
import { addEnclaveCommands } from './commands/enclave-commands';
import { addEngineCommands } from './commands/engine-commands';
import { addModuleCommands } from './commands/module-commands';
import { addServiceCommands } from './commands/service-commands';

async function run(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`Error: ${err.message}\n`);
      process.exitCode = EXIT_USAGE;
    } else if (err instanceof CliFailure || err instanceof KurtosisError) {
      process.stderr.write(`Error: ${err.message}\n`);
      process.exitCode = EXIT_FAILURE;
    } else {
      process.stderr.write(`Error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = EXIT_FAILURE;
    }
  }
}

const program = new Command('kurtosis')
  .description('Run Kurtosis modules and manage enclaves, services and the engine')
  .version(CLIENT_VERSION, '-V, --cli-version', 'print the CLI version')
  .showHelpAfterError()
  // Lets `service exec … sh -c 'x'` hand -c to the command instead of parsing it.
  .enablePositionalOptions()
  .exitOverride();

addModuleCommands(program, run);
addEnclaveCommands(program, run);
addServiceCommands(program, run);
addEngineCommands(program, run);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof CommanderError) {
    // --help and --version exit 0; every other parse problem is a usage error.
    process.exitCode = err.exitCode === 0 ? 0 : EXIT_USAGE;
    return;
  }
  process.stderr.write(`Error: ${String(err as Error)}\n`);
  process.exitCode = EXIT_FAILURE;
});
