// `kurtosis module unload ENCLAVE MODULE…`.
import type { Command } from 'commander';
import { withEnclave } from '../../engine/connection';
import { withProgress } from '../../output/progress';
import { commandOf, examples, verb } from '../../program-parts';
import type { Run } from '../../program-parts';

export function addModuleUnload(module: Command, run: Run): void {
  const command = verb(module, 'unload <enclave-id> <module-ids...>', 'Unload modules (their containers stop)');
  examples(command, ['kurtosis module unload my-enclave army', 'kurtosis module unload my-enclave a b']);
  command.action((enclaveId: string, moduleIds: string[], ...rest: unknown[]) =>
    run(commandOf(rest), (cli) =>
      withEnclave(cli, enclaveId, async (enclave) => {
        for (const moduleId of moduleIds) {
          await withProgress(cli, `Unloading module ${moduleId}`, () => enclave.unloadModule(moduleId), { done: () => `Unloaded module ${moduleId}` });
        }
      }),
    ),
  );
}
