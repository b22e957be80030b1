// `kurtosis service ls | logs | exec | rm` on an existing enclave.
import type { Command } from 'commander';
import { CliFailure } from '../cli-errors';
import { backend, connectToEngine } from '../engine-lifecycle';
import { ContainerConfigBuilder } from '@kurtosis-ts/engine-client';
import { printJson, printTable, withProgress } from '../output';
import { parseEnvFlags, parsePortFlags } from '../service-flags';

type Run = (work: () => Promise<void>) => Promise<void>;

async function serviceContainer(enclaveId: string, serviceId: string) {
  const service = (await backend.getUserServices(enclaveId)).find((s) => s.serviceId === serviceId);
  if (!service) throw new CliFailure(`No service '${serviceId}' runs in enclave '${enclaveId}'`);
  return service;
}

export function addServiceCommands(program: Command, run: Run): void {
  const service = program.command('service').description('Work with the services of an enclave').enablePositionalOptions();

  service
    .command('ls <enclave-id>')
    .description('List the services of an enclave')
    .option('--json', 'print JSON', false)
    .action((enclaveId: string, o: { json: boolean }) =>
      run(async () => {
        const services = (await backend.getUserServices(enclaveId)).sort((a, b) => a.serviceId.localeCompare(b.serviceId));
        const rows = services.map((s) => ({
          serviceId: s.serviceId,
          status: s.status,
          privateIp: s.privateIp,
          publicPorts: Object.fromEntries(Object.entries(s.publicPorts).map(([id, p]) => [id, `127.0.0.1:${p.number}/${p.protocol}`])),
        }));
        if (o.json) return printJson(rows);
        printTable(['SERVICE', 'STATUS', 'PRIVATE IP', 'PORTS'], rows.map((r) => [r.serviceId, r.status, r.privateIp, Object.entries(r.publicPorts).map(([k, v]) => `${k}: ${v}`).join('\n')]));
      }),
    );

  service
    .command('add <enclave-id> <service-id> <image>')
    .description('Start a service in an enclave')
    .option('--ports <ports...>', 'ports to publish as id=number[/tcp|udp|sctp], e.g. http=8080/tcp', [])
    .option('--env <vars...>', 'environment variables as KEY=value', [])
    .option('--entrypoint <arg...>', "override the image's ENTRYPOINT")
    .option('--cmd <arg...>', "override the image's CMD")
    .option('--partition <partition-id>', 'partition of a partitioned enclave', '')
    .option('--json', 'print JSON', false)
    .action((enclaveId: string, serviceId: string, image: string, o: { ports: string[]; env: string[]; entrypoint?: string[]; cmd?: string[]; partition: string; json: boolean }) =>
      run(async () => {
        const ports = parsePortFlags(o.ports);
        const env = parseEnvFlags(o.env);
        const kurtosis = await connectToEngine(false);
        const enclave = await kurtosis.getEnclaveContext(enclaveId);
        try {
          const added = await withProgress(`Starting service ${serviceId}`, () =>
            enclave.addServiceToPartition(serviceId, o.partition, () =>
              new ContainerConfigBuilder(image)
                .withUsedPorts(ports)
                .withEnvironmentVariableOverrides(env)
                .withEntrypointOverride(o.entrypoint ?? [])
                .withCmdOverride(o.cmd ?? [])
                .build(),
            ),
          );
          const summary = {
            serviceId,
            privateIp: added.getPrivateIPAddress(),
            publicPorts: Object.fromEntries([...added.getPublicPorts()].map(([id, p]) => [id, `127.0.0.1:${p.number}/${p.protocol.toLowerCase()}`])),
          };
          if (o.json) printJson(summary);
          else printTable(['SERVICE', 'PRIVATE IP', 'PORTS'], [[serviceId, summary.privateIp, Object.entries(summary.publicPorts).map(([k, v]) => `${k}: ${v}`).join('\n')]]);
        } finally {
          enclave.close();
          kurtosis.close();
        }
      }),
    );

  service
    .command('shell <enclave-id> <service-id>')
    .description('Open a shell (sh) in a service')
    .action((enclaveId: string, serviceId: string) =>
      run(async () => {
        const { containerId } = await serviceContainer(enclaveId, serviceId);
        const stdin = process.stdin;
        if (stdin.isTTY) stdin.setRawMode(true);
        try {
          process.exitCode = await backend.execInteractive(containerId, ['sh'], { stdin, stdout: process.stdout, tty: Boolean(stdin.isTTY) });
        } finally {
          if (stdin.isTTY) stdin.setRawMode(false);
          stdin.pause();
        }
      }),
    );

  service
    .command('logs <enclave-id> <service-id>')
    .description("Print a service's logs (-f: follow them)")
    .option('-f, --follow', 'keep following', false)
    .action((enclaveId: string, serviceId: string, o: { follow: boolean }) =>
      run(async () => {
        const { containerId } = await serviceContainer(enclaveId, serviceId);
        if (!o.follow) {
          process.stdout.write(`${await backend.getLastLogLines(containerId, 100_000)}\n`);
          return;
        }
        const follower = await backend.followOutput(containerId, (text) => process.stdout.write(text));
        process.once('SIGINT', () => follower.stop());
        await follower.done;
      }),
    );

  service
    .command('exec <enclave-id> <service-id> <command...>')
    .description('Run a command (argv, no shell) in a service; exits with its exit code')
    .passThroughOptions()
    .action((enclaveId: string, serviceId: string, command: string[]) =>
      run(async () => {
        const kurtosis = await connectToEngine(false);
        const enclave = await kurtosis.getEnclaveContext(enclaveId);
        const result = await (await enclave.getServiceContext(serviceId)).execCommand(command);
        enclave.close();
        kurtosis.close();
        process.stdout.write(result.logOutput);
        process.exitCode = result.exitCode;
      }),
    );

  service
    .command('rm <enclave-id> <service-id>')
    .description('Remove a service')
    .action((enclaveId: string, serviceId: string) =>
      run(async () => {
        const kurtosis = await connectToEngine(false);
        const enclave = await kurtosis.getEnclaveContext(enclaveId);
        await enclave.removeService(serviceId);
        enclave.close();
        kurtosis.close();
      }),
    );
}
