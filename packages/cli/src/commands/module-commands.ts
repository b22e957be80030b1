// `kurtosis module load | exec | unload | ls` (exec of an image on a new enclave is module-exec.ts).
import type { Command } from 'commander';
import { backend, connectToEngine } from '../engine-lifecycle';
import { enclaveIdArg } from '../cli-ids';
import { readJsonParam } from '../json-param';
import { printJson, printTable, withProgress } from '../output';
import { moduleRows, moduleRowsFromContainers, statusText } from '../runtime-rows';
import { runtimeModuleStatuses } from '../runtime-statuses';
import { addModuleExecCommand } from './module-exec';

type Run = (work: () => Promise<void>) => Promise<void>;

async function enclaveOf(enclaveId: string) {
  const kurtosis = await connectToEngine(false);
  const enclave = await kurtosis.getEnclaveContext(enclaveId);
  return {
    enclave,
    close: () => {
      enclave.close();
      kurtosis.close();
    },
  };
}

export function addModuleCommands(program: Command, run: Run): void {
  const module = program.command('module').description('Run modules, or manage the modules of an enclave');
  addModuleExecCommand(module, run);

  module
    .command('load <enclave-id> <module-id> <image>')
    .description('Load a module into an existing enclave')
    .option('--load-params <json|@file>', 'load params (JSON, or @file.json)', '{}')
    .action((enclaveId: string, moduleId: string, image: string, o: { loadParams: string }) =>
      run(async () => {
        const params = readJsonParam('--load-params', o.loadParams);
        const { enclave, close } = await enclaveOf(enclaveId);
        await withProgress(`Loading module ${moduleId}`, () => enclave.loadModule(moduleId, image, params)).finally(close);
      }),
    );

  module
    .command('call <enclave-id> <module-id>')
    .description('Execute a loaded module and print its result')
    .option('--execute-params <json|@file>', 'execute params (JSON, or @file.json)', '{}')
    .action((enclaveId: string, moduleId: string, o: { executeParams: string }) =>
      run(async () => {
        const params = readJsonParam('--execute-params', o.executeParams);
        const { enclave, close } = await enclaveOf(enclaveId);
        try {
          process.stdout.write(`${await (await enclave.getModuleContext(moduleId)).execute(params)}\n`);
        } finally {
          close();
        }
      }),
    );

  module
    .command('unload <enclave-id> <module-id>')
    .description('Unload a module')
    .action((enclaveId: string, moduleId: string) =>
      run(async () => {
        const { enclave, close } = await enclaveOf(enclaveId);
        await enclave.unloadModule(moduleId).finally(close);
      }),
    );

  module
    .command('ls <enclave-id>')
    .description('List the modules of an enclave, with the status of each one’s container (running, or exited with its code) and its image')
    .option('--json', 'print JSON', false)
    .action((enclaveId: string, o: { json: boolean }) =>
      run(async () => {
        const statuses = await runtimeModuleStatuses(enclaveId);
        const rows = statuses ? moduleRows(statuses) : moduleRowsFromContainers(await backend.getModules(enclaveIdArg(enclaveId)));
        if (o.json) printJson(rows);
        else printTable(['MODULE ID', 'STATUS', 'IMAGE'], rows.map((r) => [r.moduleId, statusText(r), r.image || '-']));
      }),
    );
}
