// `kurtosis service add ENCLAVE SERVICE IMAGE [-- CMD ARGS…]`: a service, with the image's CMD
// replaced by what follows `--` (as `docker run IMAGE CMD…`).
import type { Command } from 'commander';
import { ContainerConfigBuilder } from '@kurtosis-ts/engine-client';
import { withEnclave } from '../../engine/connection';
import { withOutputOptions } from '../../output/output-format';
import type { OutputFlags } from '../../output/output-format';
import { printRows } from '../../output/print';
import { withProgress } from '../../output/progress';
import { commandOf, examples, verb } from '../../program-parts';
import type { Run } from '../../program-parts';
import { parseEnvFlags, parsePortFlags } from '../../service-flags';

interface AddOptions extends OutputFlags {
  ports: string[];
  env: string[];
  entrypoint?: string;
  partition: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function addServiceAdd(service: Command, run: Run): void {
  const command = withOutputOptions(
    verb(service, 'add <enclave-id> <service-id> <image> [command...]', "Start a service in an enclave; after '--', the command that replaces the image's CMD")
      .option('--ports <id=port[/proto]>', 'a port to publish for host clients, e.g. http=8080/tcp (repeatable)', collect, [])
      .option('-e, --env <KEY=value>', 'an environment variable (repeatable)', collect, [])
      .option('--entrypoint <path>', "replace the image's ENTRYPOINT")
      .option('--partition <partition-id>', 'partition of a partitioned enclave', ''),
  );
  examples(command, [
    'kurtosis service add my-enclave web nginx:1.25 --ports http=80',
    `kurtosis service add my-enclave worker debian:bookworm-slim -- sh -c 'while true; do date; sleep 5; done'`,
    'kurtosis service add my-enclave api my/api:1 --ports grpc=1323 -e LOG_LEVEL=debug -o json',
  ]);
  command.action((enclaveId: string, serviceId: string, image: string, cmd: string[], ...rest: unknown[]) =>
    run(commandOf(rest), async (cli) => {
      const o = rest[0] as AddOptions;
      const ports = parsePortFlags(o.ports);
      const env = parseEnvFlags(o.env);
      const added = await withEnclave(cli, enclaveId, (enclave) =>
        withProgress(
          cli,
          `Starting service ${serviceId} (${image})`,
          () =>
            enclave.addServiceToPartition(serviceId, o.partition, () =>
              new ContainerConfigBuilder(image)
                .withUsedPorts(ports)
                .withEnvironmentVariableOverrides(env)
                .withEntrypointOverride(o.entrypoint ? [o.entrypoint] : [])
                .withCmdOverride(cmd)
                .build(),
            ),
          { done: () => `Started service ${serviceId} in enclave ${enclaveId}` },
        ),
      );
      const summary = {
        serviceId,
        privateIp: added.getPrivateIPAddress(),
        // Where the API container says the platform published them.
        publicPorts: Object.fromEntries([...added.getPublicPorts()].map(([id, p]) => [id, `${added.getMaybePublicIPAddress()}:${p.number}/${p.protocol.toLowerCase()}`])),
      };
      printRows(cli, o, ['SERVICE', 'PRIVATE IP', 'PORTS'], [[serviceId, summary.privateIp, Object.entries(summary.publicPorts).map(([k, v]) => `${k}: ${v}`)]], summary);
    }),
  );
}
