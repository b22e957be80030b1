// `kurtosis service config ENCLAVE SERVICE`: what the service was started (or last replaced) with,
// as the API container recorded it (our ServiceConfigService), its partition and IP. `-o json`
// prints what `service replace --config` takes back.
import type { Command } from 'commander';
import { withEnclave } from '../../engine/connection';
import { withOutputOptions } from '../../output/output-format';
import type { OutputFlags } from '../../output/output-format';
import { printRows } from '../../output/print';
import { commandOf, examples, verb } from '../../program-parts';
import type { Run } from '../../program-parts';
import { configToJson } from '../../service-config-changes';

export function addServiceConfig(service: Command, run: Run): void {
  const command = withOutputOptions(verb(service, 'config <enclave-id> <service-id>', 'Show the configuration a service was started with (image, command, env, ports, mounts, partition)'));
  examples(command, ['kurtosis service config my-enclave db', 'kurtosis service config my-enclave db -o json > db.json']);
  command.action((enclaveId: string, serviceId: string, ...rest: unknown[]) =>
    run(commandOf(rest), async (cli) => {
      const o = rest[0] as OutputFlags;
      const { config, partitionId, privateIp } = await withEnclave(cli, enclaveId, (enclave) => enclave.getServiceConfig(serviceId));
      const rows: string[][] = [
        ['image', config.image],
        ['entrypoint', config.entrypoint.length > 0 ? JSON.stringify(config.entrypoint) : "(the image's)"],
        ['cmd', config.cmd.length > 0 ? JSON.stringify(config.cmd) : "(the image's)"],
        ['env', Object.entries(config.env).map(([k, v]) => `${k}=${v}`).join(' ') || '(none)'],
        ['ports', Object.entries(config.ports).map(([id, p]) => `${id}=${p.number}/${p.protocol.toLowerCase()}`).join(' ') || '(none)'],
        ['data dir', config.dataDirMountpoint || '(not mounted)'],
        ['files artifacts', Object.entries(config.filesArtifactMountpoints).map(([id, at]) => `${id} at ${at}`).join(' ') || '(none)'],
        ['partition', partitionId],
        ['private IP', privateIp],
      ];
      printRows(cli, o, ['FIELD', 'VALUE'], rows, { serviceId, partitionId, privateIp, ...configToJson(config) });
    }),
  );
}
