// `kurtosis enclave stop ID…`: every container stops (they stay for inspection).
import type { Command } from 'commander';
import { withEngine } from '../../engine/connection';
import { withProgress } from '../../output/progress';
import { commandOf, examples, verb } from '../../program-parts';
import type { Run } from '../../program-parts';

export function addEnclaveStop(enclave: Command, run: Run): void {
  const command = verb(enclave, 'stop <enclave-ids...>', 'Stop every container of enclaves (they stay for inspection)');
  examples(command, ['kurtosis enclave stop my-enclave', 'kurtosis enclave stop a b']);
  command.action((ids: string[], ...rest: unknown[]) =>
    run(commandOf(rest), (cli) =>
      withEngine(cli, async (kurtosis) => {
        for (const id of ids) await withProgress(cli, `Stopping enclave ${id}`, () => kurtosis.stopEnclave(id), { done: () => `Stopped enclave ${id}` });
      }),
    ),
  );
}
