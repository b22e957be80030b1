// `kurtosis service replace ENCLAVE SERVICE [flags] [-- CMD…]`: the service's container replaced by
// one started from its configuration with the given changes (our ServiceConfigService), keeping the
// service ID, IP, alias and partition. When the new one cannot start, the old one runs again.
import type { Command } from 'commander';
import { withEnclave } from '../../engine/connection';
import { withOutputOptions } from '../../output/output-format';
import type { OutputFlags } from '../../output/output-format';
import { printRows } from '../../output/print';
import { withProgress } from '../../output/progress';
import { readJsonParam } from '../../json-param';
import { commandOf, examples, verb } from '../../program-parts';
import type { Run } from '../../program-parts';
import { applyConfigChanges } from '../../service-config-changes';
import { timeoutSeconds } from './lifecycle-verb';

interface ReplaceOptions extends OutputFlags {
  config?: string;
  image?: string;
  env: string[];
  unsetEnv: string[];
  entrypoint?: string;
  ports: string[];
  timeout: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function addServiceReplace(service: Command, run: Run): void {
  const command = withOutputOptions(
    verb(service, 'replace <enclave-id> <service-id> [command...]', "Replace a service's container by one with a changed configuration (same ID, IP and partition); after '--', a new CMD")
      .option('--config <json|@file|@->', "a whole configuration, as 'service config -o json' prints it; other flags apply on top")
      .option('--image <image>', 'the new image (e.g. a new tag)')
      .option('-e, --env <KEY=value>', 'set an environment variable (repeatable)', collect, [])
      .option('--unset-env <KEY>', 'remove an environment variable (repeatable)', collect, [])
      .option('--entrypoint <path>', "replace the ENTRYPOINT ('' for the image's own)")
      .option('--ports <id=port[/proto]>', 'replace every port with these (repeatable)', collect, [])
      .option('-t, --timeout <seconds>', 'seconds between SIGTERM and SIGKILL for the old container', '10'),
  );
  examples(command, [
    'kurtosis service replace my-enclave db --image kurtosis-ts/datastore-server:0.2.0',
    'kurtosis service replace my-enclave db -e LOG_LEVEL=debug --unset-env DEBUG',
    'kurtosis service config my-enclave db -o json | jq \'.env.MODE = "safe"\' | kurtosis service replace my-enclave db --config @-',
  ]);
  command.action((enclaveId: string, serviceId: string, cmd: string[], ...rest: unknown[]) =>
    run(commandOf(rest), async (cli) => {
      const o = rest[0] as ReplaceOptions;
      const stopTimeoutSeconds = timeoutSeconds(o.timeout);
      const config = o.config !== undefined ? readJsonParam('--config', o.config) : undefined;
      const changes = { config, image: o.image, env: o.env, unsetEnv: o.unsetEnv, entrypoint: o.entrypoint, ports: o.ports, cmd };
      const { replaced, image } = await withEnclave(cli, enclaveId, async (enclave) => {
        const current = await enclave.getServiceConfig(serviceId);
        const next = applyConfigChanges(current.config, changes);
        const answer = await withProgress(cli, `Replacing service ${serviceId} (${current.config.image} → ${next.image})`, () => enclave.replaceService(serviceId, next, { stopTimeoutSeconds }), {
          done: () => `Replaced service ${serviceId} in enclave ${enclaveId}`,
        });
        return { replaced: answer, image: next.image };
      });
      const publicPorts = Object.fromEntries([...replaced.publicPorts].map(([id, p]) => [id, `${replaced.publicIp}:${p.number}/${p.protocol.toLowerCase()}`]));
      const summary = { serviceId, image, privateIp: replaced.privateIp, publicPorts };
      printRows(cli, o, ['SERVICE', 'IMAGE', 'PRIVATE IP', 'PORTS'], [[serviceId, image, replaced.privateIp, Object.entries(publicPorts).map(([k, v]) => `${k}: ${v}`)]], summary);
    }),
  );
}
