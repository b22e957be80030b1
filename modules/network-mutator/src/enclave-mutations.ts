// What each planned action does to a real enclave, through its API container: configurations read
// and services replaced (our ServiceConfigService), restarts (the lifecycle extension), clones
// started in the template's partition, removals, execs, and readiness checks polled from inside the
// enclave network (the module runs on it) until their timeout — failing at once when the replaced
// container has exited, as an image that exits at start does.
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ContainerConfigBuilder, PortSpec } from '@kurtosis-ts/module-api-lib';
import type { EnclaveContext, ServiceConfiguration, ServiceConfigurationInfo } from '@kurtosis-ts/module-api-lib';
import type { Readiness } from './mutation-params';
import type { MutationEffects } from './mutation-run';

/** Between two readiness probes. */
const PROBE_INTERVAL_MS = 250;
/** One TCP probe. */
const TCP_PROBE_TIMEOUT_MS = 1000;
/** How long a container must keep running to count as ready when nothing else is checked. */
const RUNNING_SETTLE_MS = 1000;

function answersTcp(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(TCP_PROBE_TIMEOUT_MS, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export class EnclaveMutations implements MutationEffects {
  constructor(private readonly enclave: EnclaveContext) {}

  getConfig(serviceId: string): Promise<ServiceConfigurationInfo> {
    return this.enclave.getServiceConfig(serviceId);
  }

  async replace(serviceId: string, config: ServiceConfiguration, stopTimeoutSeconds: number): Promise<void> {
    await this.enclave.replaceService(serviceId, config, { stopTimeoutSeconds });
  }

  restart(serviceId: string, stopTimeoutSeconds: number): Promise<void> {
    return this.enclave.restartService(serviceId, stopTimeoutSeconds);
  }

  async addClone(serviceId: string, template: ServiceConfigurationInfo): Promise<void> {
    const { config } = template;
    await this.enclave.addServiceToPartition(serviceId, template.partitionId, () =>
      new ContainerConfigBuilder(config.image)
        .withUsedPorts(new Map(Object.entries(config.ports).map(([id, p]) => [id, new PortSpec(p.number, p.protocol)])))
        .withEnvironmentVariableOverrides(new Map(Object.entries(config.env)))
        .withEntrypointOverride(config.entrypoint)
        .withCmdOverride(config.cmd)
        .withFiles(new Map(Object.entries(config.filesArtifactMountpoints)))
        .build(),
    );
  }

  remove(serviceId: string, stopTimeoutSeconds: number): Promise<void> {
    return this.enclave.removeService(serviceId, stopTimeoutSeconds);
  }

  async exec(serviceId: string, argv: string[]): Promise<{ exitCode: number; output: string }> {
    const result = await (await this.enclave.getServiceContext(serviceId)).execCommand(argv);
    return { exitCode: result.exitCode, output: result.logOutput };
  }

  sleep(seconds: number): Promise<void> {
    return sleep(seconds * 1000);
  }

  async waitReady(serviceId: string, readiness: Readiness, timeoutSeconds: number): Promise<void> {
    const deadline = Date.now() + timeoutSeconds * 1000;
    let last = 'not checked yet';
    let runningSince: number | undefined;
    for (;;) {
      const { status, exitCode } = await this.enclave.getServiceStatus(serviceId);
      if (status === 'stopped') throw new Error(`its container exited (code ${exitCode}) before it was ready`);
      if (status === 'running') {
        runningSince ??= Date.now();
        const problem = await this.probe(serviceId, readiness, runningSince);
        if (problem === undefined) return;
        last = problem;
      } else {
        last = `it is ${status}`;
      }
      if (Date.now() >= deadline) throw new Error(`not ready within ${timeoutSeconds} s: ${last}`);
      await sleep(PROBE_INTERVAL_MS);
    }
  }

  /** undefined when ready, else what is not. */
  private async probe(serviceId: string, readiness: Readiness, runningSince: number): Promise<string | undefined> {
    if ('running' in readiness) return Date.now() - runningSince >= RUNNING_SETTLE_MS ? undefined : 'it has only just started';
    if ('exec' in readiness) {
      const { exitCode, output } = await this.exec(serviceId, readiness.exec);
      return exitCode === 0 ? undefined : `${JSON.stringify(readiness.exec).slice(0, 100)} exited ${exitCode}: ${output.slice(0, 200)}`;
    }
    const service = await this.enclave.getServiceContext(serviceId);
    const portId = 'tcpPort' in readiness ? readiness.tcpPort : readiness.http.portId;
    const port = service.getPrivatePorts().get(portId);
    if (!port) throw new Error(`it has no port '${portId}' (its ports: ${[...service.getPrivatePorts().keys()].join(', ') || 'none'})`);
    if ('tcpPort' in readiness) return (await answersTcp(service.getPrivateIPAddress(), port.number)) ? undefined : `port ${portId} (${port.number}) does not accept connections`;
    const { path, method, body, bodyText } = readiness.http;
    try {
      // One attempt per probe, by the API container (as WaitForHttp* checks), so our loop keeps the deadline.
      if (method === 'GET') await this.enclave.waitForHttpGetEndpointAvailability(serviceId, port.number, path, 0, 1, 0, bodyText);
      else await this.enclave.waitForHttpPostEndpointAvailability(serviceId, port.number, path, body, 0, 1, 0, bodyText);
      return undefined;
    } catch (err) {
      return (err as Error).message.slice(0, 300);
    }
  }
}
