// The `kurtosis` command tree: every topic and verb, the global options and the output contract's
// --version. Built by a function (no I/O at import), so tests can walk it.
import { Command, Option } from 'commander';
import { CLIENT_VERSION } from '@kurtosis-ts/engine-client';
import { addClean } from './commands/clean';
import { addCompletion } from './commands/completion';
import { addEnclaveTopic } from './commands/enclave/enclave-topic';
import { addEngineTopic } from './commands/engine/engine-topic';
import { addModuleTopic } from './commands/module/module-topic';
import { addServiceTopic } from './commands/service/service-topic';
import { addVersion } from './commands/version';
import { DEFAULT_ENGINE_ADDRESS } from './engine/engine-address';
import type { Run } from './program-parts';

export function createProgram(run: Run): Command {
  const program = new Command('kurtosis')
    .description('Run Kurtosis modules and manage enclaves, services and the engine')
    .version(CLIENT_VERSION, '-V, --version', 'print the CLI version')
    .option('--engine <host:port>', `the engine to talk to (default: $KURTOSIS_ENGINE, else ${DEFAULT_ENGINE_ADDRESS})`)
    .option('--debug', 'print stack traces of errors')
    // The 2021 CLI's name for --version.
    .addOption(new Option('--cli-version').hideHelp())
    .showHelpAfterError()
    // Lets `service exec … sh -c 'x'` hand -c to the command instead of parsing it.
    .enablePositionalOptions()
    .exitOverride()
    .addHelpText(
      'after',
      `
Output: results on stdout (tables on a terminal, tab-separated rows when piped, -o json for objects),
progress and messages on stderr. Exit codes: 0 ok, 1 failed (also a missing enclave, service or
module), 2 usage error (also a value the engine refuses), 130/143 interrupted by SIGINT/SIGTERM.

Examples:
  $ kurtosis module exec kurtosis-ts/datastore-army-module --execute-params '{"numDatastores":3}'
  $ kurtosis enclave ls
  $ kurtosis enclave inspect my-enclave -o json
`,
    );
  program.on('option:cli-version', () => {
    process.stdout.write(`${CLIENT_VERSION}\n`);
    process.exit(0);
  });
  addModuleTopic(program, run);
  addEnclaveTopic(program, run);
  addServiceTopic(program, run);
  addEngineTopic(program, run);
  addClean(program, run);
  addVersion(program, run);
  addCompletion(program, run);
  return program;
}
