// `kurtosis module load ENCLAVE MODULE IMAGE`: a module in an existing enclave.
import type { Command } from 'commander';
import { withEnclave } from '../../engine/connection';
import { readJsonParam } from '../../json-param';
import { withProgress } from '../../output/progress';
import { commandOf, examples, verb } from '../../program-parts';
import type { Run } from '../../program-parts';

export function addModuleLoad(module: Command, run: Run): void {
  const command = verb(module, 'load <enclave-id> <module-id> <image>', 'Load a module into an existing enclave').option(
    '--load-params <json|@file|@->',
    'load params (JSON, @file.json, or @- for stdin)',
    '{}',
  );
  examples(command, ['kurtosis module load my-enclave army kurtosis-ts/datastore-army-module', `kurtosis module load my-enclave m my/module:1 --load-params '{"logLevel":"debug"}'`]);
  command.action((enclaveId: string, moduleId: string, image: string, ...rest: unknown[]) =>
    run(commandOf(rest), async (cli) => {
      const params = readJsonParam('--load-params', (rest[0] as { loadParams: string }).loadParams);
      await withEnclave(cli, enclaveId, (enclave) =>
        withProgress(cli, `Loading module ${moduleId} from ${image}`, () => enclave.loadModule(moduleId, image, params), { done: () => `Loaded module ${moduleId} into enclave ${enclaveId}` }),
      );
    }),
  );
}
