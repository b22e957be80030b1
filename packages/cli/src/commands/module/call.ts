// `kurtosis module call ENCLAVE MODULE`: execute a loaded module, its result alone on stdout.
import type { Command } from 'commander';
import { withEnclave } from '../../engine/connection';
import { readJsonParam } from '../../json-param';
import { commandOf, examples, verb } from '../../program-parts';
import type { Run } from '../../program-parts';

export function addModuleCall(module: Command, run: Run): void {
  const command = verb(module, 'call <enclave-id> <module-id>', 'Execute a loaded module and print its result').option(
    '--execute-params <json|@file|@->',
    'execute params (JSON, @file.json, or @- for stdin)',
    '{}',
  );
  examples(command, [`kurtosis module call my-enclave army --execute-params '{"numDatastores":2}'`]);
  command.action((enclaveId: string, moduleId: string, ...rest: unknown[]) =>
    run(commandOf(rest), async (cli) => {
      const params = readJsonParam('--execute-params', (rest[0] as { executeParams: string }).executeParams);
      const result = await withEnclave(cli, enclaveId, async (enclave) => (await enclave.getModuleContext(moduleId)).execute(params));
      cli.write(`${result}\n`);
    }),
  );
}
