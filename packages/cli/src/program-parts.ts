// What every command is registered with: the runner that builds its Cli, reports its errors by the
// output contract and lets interrupts end it; examples for its help; the global options, also
// accepted after the verb (`kurtosis enclave ls --engine localhost:19710`).
import { Option } from 'commander';
import type { Command } from 'commander';
import { Cli } from './cli-context';
import { debugDetails, reportError } from './errors/error-report';
import type { Interrupts } from './interrupts';

export type Work = (cli: Cli) => Promise<void>;
export type Run = (command: Command, work: Work) => Promise<void>;

export function makeRunner(interrupts: Interrupts): Run {
  return async (command, work) => {
    try {
      await work(Cli.of(command, interrupts));
    } catch (err) {
      // Interrupted: the interrupt handler says what happened, cleans up and exits.
      if (interrupts.signal.aborted) return;
      const report = reportError(err);
      process.stderr.write(`Error: ${report.message}\n`);
      if (command.optsWithGlobals<{ debug?: boolean }>().debug) process.stderr.write(`${debugDetails(err)}\n`);
      process.exitCode = report.exitCode;
    }
  };
}

/** The `Examples:` section of a help page. */
export function examples(command: Command, lines: readonly string[]): Command {
  return command.addHelpText('after', `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`);
}

/** The global options, accepted on a verb too (hidden there: the root's help lists them). */
export function withGlobalOptions(command: Command): Command {
  return command
    .addOption(new Option('--engine <host:port>', 'the engine to talk to').hideHelp())
    .addOption(new Option('--debug', 'print stack traces of errors').hideHelp());
}

/** A verb under a topic, with the global options. */
export function verb(parent: Command, nameAndArgs: string, description: string): Command {
  return withGlobalOptions(parent.command(nameAndArgs).description(description));
}

/** Commander passes (…arguments, options, command) to an action; this picks the command. */
export function commandOf(args: unknown[]): Command {
  return args[args.length - 1] as Command;
}
