// `kurtosis`: parses the command line and runs the command, by the output contract of program.ts.
import { CommanderError } from 'commander';
import { EXIT_FAILURE, EXIT_USAGE } from './errors/cli-errors';
import { Interrupts } from './interrupts';
import { makeRunner } from './program-parts';
import { createProgram } from './program';

const interrupts = new Interrupts((line) => process.stderr.write(`${line}\n`));
interrupts.install();
// Output to a closed pipe (`kurtosis enclave ls | head -1`) is no failure of the command.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

const program = createProgram(makeRunner(interrupts));
program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof CommanderError) {
    // --help and --version exit 0; every other parse problem is a usage error.
    process.exitCode = err.exitCode === 0 ? 0 : EXIT_USAGE;
    return;
  }
  process.stderr.write(`Error: ${(err as Error).message}\n`);
  process.exitCode = EXIT_FAILURE;
});
