// `kurtosis enclave ls`.
import type { Command } from 'commander';
import { withEngine } from '../../engine/connection';
import { withOutputOptions } from '../../output/output-format';
import type { OutputFlags } from '../../output/output-format';
import { printRows } from '../../output/print';
import { commandOf, examples, verb } from '../../program-parts';
import type { Run } from '../../program-parts';
import { ENCLAVE_HEAD, enclaveJson, enclaveRow } from './enclave-json';

export function addEnclaveLs(enclave: Command, run: Run): void {
  const command = withOutputOptions(verb(enclave, 'ls', 'List enclaves'));
  examples(command, ['kurtosis enclave ls', 'kurtosis enclave ls -o json', 'kurtosis enclave ls --no-headers | cut -f1']);
  command.action((...args: unknown[]) =>
    run(commandOf(args), async (cli) => {
      const infos = await withEngine(cli, async (kurtosis) => [...(await kurtosis.getEnclaveInfos()).values()]);
      const rows = infos.map(enclaveJson).sort((a, b) => a.enclaveId.localeCompare(b.enclaveId));
      printRows(cli, args[0] as OutputFlags, ENCLAVE_HEAD, rows.map(enclaveRow), rows);
    }),
  );
}
