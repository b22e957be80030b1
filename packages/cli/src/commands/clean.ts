// `kurtosis clean [-a]`: stopped enclaves go (all with -a).
import type { Command } from 'commander';
import { withEngine } from '../engine/connection';
import { withOutputOptions } from '../output/output-format';
import type { OutputFlags } from '../output/output-format';
import { printRows } from '../output/print';
import { withProgress } from '../output/progress';
import { commandOf, examples, verb } from '../program-parts';
import type { Run } from '../program-parts';

export function addClean(program: Command, run: Run): void {
  const command = withOutputOptions(verb(program, 'clean', 'Remove stopped enclaves (-a: all enclaves)').option('-a, --all', 'remove running enclaves too', false));
  examples(command, ['kurtosis clean', 'kurtosis clean -a -o json']);
  command.action((...args: unknown[]) =>
    run(commandOf(args), async (cli) => {
      const o = args[0] as OutputFlags & { all: boolean };
      const removed = await withEngine(cli, (kurtosis) =>
        withProgress(cli, o.all ? 'Removing every enclave' : 'Removing stopped enclaves', async () => [...(await kurtosis.clean(o.all))].sort(), {
          done: (ids) => `Removed ${ids.length} enclave(s)`,
        }),
      );
      printRows(cli, o, ['REMOVED ENCLAVE'], removed.map((id) => [id]), removed.map((enclaveId) => ({ enclaveId })));
    }),
  );
}
