// `kurtosis enclave rm [-f] ID…`: stopped enclaves (running ones too with -f). All named enclaves are
// checked before any is removed.
import type { Command } from 'commander';
import { engineApi, KurtosisError, StatusCode } from '@kurtosis-ts/engine-client';
import { withEngine } from '../../engine/connection';
import { CliFailure } from '../../errors/cli-errors';
import { withProgress } from '../../output/progress';
import { commandOf, examples, verb } from '../../program-parts';
import type { Run } from '../../program-parts';

export function addEnclaveRm(enclave: Command, run: Run): void {
  const command = verb(enclave, 'rm <enclave-ids...>', 'Remove stopped enclaves (-f: also running ones)').option('-f, --force', 'remove them even if they are running', false);
  examples(command, ['kurtosis enclave rm my-enclave', 'kurtosis enclave rm -f a b']);
  command.action((ids: string[], ...rest: unknown[]) =>
    run(commandOf(rest), (cli) =>
      withEngine(cli, async (kurtosis) => {
        const { force } = rest[0] as { force: boolean };
        const infos = await kurtosis.getEnclaveInfos();
        const missing = ids.filter((id) => !infos.has(id));
        if (missing.length > 0) throw new KurtosisError(StatusCode.NOT_FOUND, `No enclave with ID ${missing.map((id) => `'${id}'`).join(', ')} exists; nothing was removed`);
        const running = ids.filter((id) => infos.get(id)?.containersStatus === engineApi.EnclaveContainersStatus.EnclaveContainersStatus_RUNNING);
        if (!force && running.length > 0) throw new CliFailure(`Enclave ${running.map((id) => `'${id}'`).join(', ')} is running; stop it first or use -f (nothing was removed)`);
        for (const id of ids) await withProgress(cli, `Removing enclave ${id}`, () => kurtosis.destroyEnclave(id), { done: () => `Removed enclave ${id}` });
      }),
    ),
  );
}
