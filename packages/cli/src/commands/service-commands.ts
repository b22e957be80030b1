// `kurtosis service ls | add | shell | logs | exec | rm | pause | unpause | stop | restart | kill` on an
// existing enclave.
import type { Command } from 'commander';
import type { EnclaveContext } from '@kurtosis-ts/engine-client';
import { CliFailure, UsageError } from '../cli-errors';
import { backend, connectToEngine } from '../engine-lifecycle';
import { enclaveIdArg } from '../cli-ids';
import type { ObjectRef } from '@kurtosis-ts/container-backend';
import { ContainerConfigBuilder } from '@kurtosis-ts/engine-client';
import { printJson, printTable, withProgress } from '../output';
import { runtimeServiceStatuses } from '../runtime-statuses';
import { serviceRows, statusText } from '../runtime-rows';
import { parseEnvFlags, parsePortFlags } from '../service-flags';

type Run = (work: () => Promise<void>) => Promise<void>;

/** The process of a service of the enclave, as the backend names it. */
async function serviceProcess(enclaveId: string, serviceId: string): Promise<ObjectRef> {
  const id = enclaveIdArg(enclaveId);
  const service = (await backend.getUserServices(id)).find((s) => s.serviceId === serviceId);
  if (!service) throw new CliFailure(`No service '${serviceId}' runs in enclave '${enclaveId}'`);
  return { kind: 'user-service', enclaveId: id, guid: service.guid };
}

export function addServiceCommands(program: Command, run: Run): void {
  const service = program.command('service').description('Work with the services of an enclave').enablePositionalOptions();

  service
    .command('ls <enclave-id>')
    .description('List the services of an enclave')
    .option('--json', 'print JSON', false)
    .action((enclaveId: string, o: { json: boolean }) =>
      run(async () => {
        const [services, statuses] = await Promise.all([backend.getUserServices(enclaveIdArg(enclaveId)), runtimeServiceStatuses(enclaveId)]);
        const rows = serviceRows(services, statuses);
        if (o.json) return printJson(rows);
        printTable(['SERVICE', 'STATUS', 'PRIVATE IP', 'PORTS'], rows.map((r) => [r.serviceId, statusText(r), r.privateIp, Object.entries(r.publicPorts).map(([k, v]) => `${k}: ${v}`).join('\n')]));
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
            publicPorts: Object.fromEntries([...added.getPublicPorts()].map(([id, p]) => [id, `${added.getMaybePublicIPAddress()}:${p.number}/${p.protocol.toLowerCase()}`])),
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
        const service = await serviceProcess(enclaveId, serviceId);
        const stdin = process.stdin;
        if (stdin.isTTY) stdin.setRawMode(true);
        try {
          process.exitCode = await backend.execInteractive(service, ['sh'], { stdin, stdout: process.stdout, tty: Boolean(stdin.isTTY) });
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
        const service = await serviceProcess(enclaveId, serviceId);
        if (!o.follow) {
          process.stdout.write(`${await backend.getLastLogLines(service, 100_000)}\n`);
          return;
        }
        const follower = await backend.followOutput(service, (text) => process.stdout.write(text));
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

  // The lifecycle verbs go through the API container (our ServiceLifecycleService), so its checks
  // and messages are the ones users of the engine client get.
  const lifecycleVerbs: [string, string, (enclave: EnclaveContext, serviceId: string, o: { timeout: number; signal: string }) => Promise<void>][] = [
    ['pause', 'Freeze every process of a service', (e, id) => e.pauseService(id)],
    ['unpause', 'Resume a paused service', (e, id) => e.unpauseService(id)],
    ['stop', 'Stop a service; it stays in the enclave, stopped', (e, id, o) => e.stopService(id, o.timeout)],
    ['restart', 'Start a stopped service again (or stop and start a running one)', (e, id, o) => e.restartService(id, o.timeout)],
    ['kill', 'Send a signal (default SIGKILL) to the main process of a service', (e, id, o) => e.killService(id, o.signal)],
  ];
  for (const [verb, description, act] of lifecycleVerbs) {
    const command = service.command(`${verb} <enclave-id> <service-id>`).description(description);
    if (verb === 'stop' || verb === 'restart') command.option('-t, --timeout <seconds>', 'seconds between SIGTERM and SIGKILL', '10');
    if (verb === 'kill') command.option('-s, --signal <signal>', 'the signal to send', 'SIGKILL');
    command.action((enclaveId: string, serviceId: string, o: { timeout?: string; signal: string }) =>
      run(async () => {
        // Checked before anything is asked of the engine.
        const options = { timeout: o.timeout === undefined ? 0 : timeoutSeconds(o.timeout), signal: o.signal };
        const kurtosis = await connectToEngine(false);
        const enclave = await kurtosis.getEnclaveContext(enclaveId);
        try {
          await act(enclave, serviceId, options);
          const { status } = await enclave.getServiceStatus(serviceId);
          process.stdout.write(`${serviceId}: ${status}\n`);
        } finally {
          enclave.close();
          kurtosis.close();
        }
      }),
    );
  }
}

function timeoutSeconds(flag: string): number {
  const seconds = Number(flag);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 3600) throw new UsageError(`--timeout must be a whole number of seconds from 0 to 3600, not '${flag}'`);
  return seconds;
}
