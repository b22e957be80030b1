// `kurtosis enclave new`: an empty enclave; its ID alone on stdout (or the enclave as JSON).
import type { Command } from 'commander';
import { withEngine } from '../../engine/connection';
import { withOutputOptions } from '../../output/output-format';
import type { OutputFlags } from '../../output/output-format';
import { printJson } from '../../output/print';
import { withProgress } from '../../output/progress';
import { commandOf, examples, verb } from '../../program-parts';
import type { Run } from '../../program-parts';
import { enclaveJson } from './enclave-json';

interface NewOptions extends OutputFlags {
  enclaveId?: string;
  withPartitioning: boolean;
  apiContainerVersion?: string;
}

export function addEnclaveNew(enclave: Command, run: Run): void {
  const command = withOutputOptions(
    verb(enclave, 'new', 'Create an empty enclave')
      .option('-i, --enclave-id <id>', "its ID: letters, digits, '.', '_', '-' (default: enclave-<timestamp>)")
      .option('-p, --with-partitioning', 'enable network partitioning', false)
      .option('-a, --api-container-version <tag>', 'version of the API container image (default: the engine’s)'),
  );
  examples(command, ['kurtosis enclave new', 'kurtosis enclave new --enclave-id my_test.1 -p', 'kurtosis enclave new -o json']);
  command.action((...args: unknown[]) =>
    run(commandOf(args), async (cli) => {
      const o = args[0] as NewOptions;
      const id = o.enclaveId ?? `enclave-${Math.floor(Date.now() / 1000)}`;
      const info = await withEngine(
        cli,
        (kurtosis) =>
          withProgress(
            cli,
            `Creating enclave ${id}`,
            async () => {
              const created = await kurtosis.createEnclave(id, o.withPartitioning, { apiContainerVersionTag: o.apiContainerVersion ?? '' });
              created.close();
              return (await kurtosis.getEnclaveInfos()).get(id);
            },
            { done: () => `Created enclave ${id}` },
          ),
        { autoStart: true },
      );
      if (cli.layout(o) === 'json' && info) printJson(cli, enclaveJson(info));
      else cli.write(`${id}\n`);
    }),
  );
}
