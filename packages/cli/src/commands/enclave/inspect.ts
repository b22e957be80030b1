// `kurtosis enclave inspect ID`: the enclave as the engine sees it, then what its API container knows:
// services (status, private IP, ports with their host bindings, partition), modules, and the
// partitions with the connection matrix.
import type { Command } from 'commander';
import { KurtosisError, StatusCode } from '@kurtosis-ts/engine-client';
import type { EnclaveOverview } from '@kurtosis-ts/engine-client';
import { withEngine } from '../../engine/connection';
import { readOverview } from '../../engine/overview';
import { connectionMatrix, inspectJson, MODULE_HEAD, moduleRows, PARTITION_HEAD, partitionRows, SERVICE_HEAD, serviceRows } from '../../format/overview-rows';
import { withOutputOptions } from '../../output/output-format';
import type { OutputFlags } from '../../output/output-format';
import { printJson } from '../../output/print';
import { renderRows } from '../../output/rows';
import { commandOf, examples, verb } from '../../program-parts';
import type { Run } from '../../program-parts';
import { enclaveJson } from './enclave-json';

export function addEnclaveInspect(enclave: Command, run: Run): void {
  const command = withOutputOptions(verb(enclave, 'inspect <enclave-id>', 'Show an enclave: its services with ports, its modules, its partitions and their connections'));
  examples(command, ['kurtosis enclave inspect my-enclave', 'kurtosis enclave inspect my-enclave -o json | jq .services']);
  command.action((id: string, ...rest: unknown[]) =>
    run(commandOf(rest), async (cli) => {
      const flags = rest[0] as OutputFlags;
      const { info, overview, why } = await withEngine(cli, async (kurtosis) => {
        const found = (await kurtosis.getEnclaveInfos()).get(id);
        if (!found) throw new KurtosisError(StatusCode.NOT_FOUND, `No enclave with ID '${id}' exists`);
        try {
          const enclave = await kurtosis.getEnclaveContext(id);
          try {
            return { info: found, overview: await readOverview(enclave) };
          } finally {
            enclave.close();
          }
        } catch (err) {
          // A stopped enclave has no API container to ask: the engine's facts are all there is.
          if (err instanceof KurtosisError && err.code === StatusCode.FAILED_PRECONDITION) return { info: found, overview: undefined as EnclaveOverview | undefined, why: err.message };
          throw err;
        }
      });
      const facts = enclaveJson(info);
      const layout = cli.layout(flags);
      if (layout === 'json') return printJson(cli, inspectJson({ ...facts }, overview, why));
      const headers = flags.headers !== false;
      const section = (title: string, head: string[], rows: Parameters<typeof renderRows>[1]) => {
        cli.write(`${layout === 'boxed' ? `${title}\n` : ''}${renderRows(head, rows, { layout, headers })}`);
      };
      section('Enclave', ['FIELD', 'VALUE'], Object.entries(facts).map(([k, v]) => [k, v ?? '-']));
      if (!overview) {
        cli.info(`Services and modules unknown: ${why}`);
        return;
      }
      section('Services', SERVICE_HEAD, serviceRows(overview.services));
      section('Modules', MODULE_HEAD, moduleRows(overview.modules));
      if (overview.partitioningEnabled) {
        section('Partitions', PARTITION_HEAD, partitionRows(overview));
        const matrix = connectionMatrix(overview);
        section('Connections', matrix.head, matrix.rows);
      }
    }),
  );
}
