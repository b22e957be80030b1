// Pause, unpause, stop, restart and kill of started services (our ServiceLifecycleService). The
// status is read from the container runtime on every call rather than kept in the registry: it also
// changes on its own (a process crashes), and an API container restart must not lose it.
import { isBackendError } from '@kurtosis-ts/container-backend';
import type { ContainerStatus, KurtosisBackend, UserServiceStatus } from '@kurtosis-ts/container-backend';
import type { ServiceIntent } from '../reconcile/reconcile-plan';
import { failedPrecondition } from '@kurtosis-ts/protos';
import type { Logger } from 'pino';
import type { ServiceRegistry } from './service-registry';
import { normalizeSignal } from './signal-name';
import { validateStopTimeout } from '../bounds/request-bounds';

export class ServiceLifecycle {
  constructor(
    private readonly backend: KurtosisBackend,
    private readonly enclaveId: string,
    private readonly registry: ServiceRegistry,
    private readonly log: Logger,
    /** Called after every change of a service's intent, which must survive a restart. */
    private readonly persist: () => Promise<void> = async () => undefined,
  ) {}

  async pause(serviceId: string): Promise<ContainerStatus> {
    const { containerId } = await this.requireStatus(serviceId, 'running', 'paused');
    await this.backend.pauseUserService(containerId);
    await this.intend(serviceId, 'paused');
    return this.logged(serviceId, 'service paused');
  }

  async unpause(serviceId: string): Promise<ContainerStatus> {
    const { containerId } = await this.requireStatus(serviceId, 'paused', 'unpaused');
    await this.backend.unpauseUserService(containerId);
    await this.intend(serviceId, undefined);
    return this.logged(serviceId, 'service unpaused');
  }

  async stop(serviceId: string, stopTimeoutSeconds: number): Promise<ContainerStatus> {
    validateStopTimeout('stop_timeout_seconds', stopTimeoutSeconds);
    const { containerId } = this.registry.getStarted(serviceId);
    await this.backend.stopUserService(containerId, stopTimeoutSeconds);
    await this.intend(serviceId, 'stopped');
    return this.logged(serviceId, 'service stopped');
  }

  async restart(serviceId: string, stopTimeoutSeconds: number): Promise<ContainerStatus> {
    validateStopTimeout('stop_timeout_seconds', stopTimeoutSeconds);
    const { containerId } = this.registry.getStarted(serviceId);
    await this.backend.restartUserService(containerId, stopTimeoutSeconds);
    // Docker hands a restarted container new ephemeral host ports (a sidecar's stay as they were).
    const restarted = (await this.backend.getUserServices(this.enclaveId)).find((s) => s.containerId === containerId);
    if (restarted) this.registry.updatePublicPorts(serviceId, restarted.publicPorts);
    await this.intend(serviceId, undefined);
    return this.logged(serviceId, 'service restarted');
  }

  async kill(serviceId: string, signal: string): Promise<ContainerStatus> {
    const signalName = normalizeSignal(signal);
    const { containerId } = await this.requireStatus(serviceId, 'running', `sent ${signalName}`);
    await this.backend.killUserService(containerId, signalName);
    const status = await this.logged(serviceId, `service sent ${signalName}`);
    // A signal that ended it ended it on purpose; one it handled (SIGHUP…) changes nothing.
    if (status === 'stopped') await this.intend(serviceId, 'stopped');
    return status;
  }

  private async intend(serviceId: string, intent: ServiceIntent | undefined): Promise<void> {
    this.registry.setIntent(serviceId, intent);
    await this.persist();
  }

  async status(serviceId: string): Promise<UserServiceStatus> {
    return (await this.current(serviceId)).status;
  }

  /** Every started service's status, read from the runtime. */
  async statuses(): Promise<Record<string, UserServiceStatus>> {
    const ids = this.registry.startedServiceIds();
    // A container removed behind our back (docker rm) reads as stopped, exit code -1, rather than failing the whole list.
    const statuses = await Promise.all(
      ids.map((id) => this.status(id).catch((err: unknown) => (isBackendError(err, 'not-found') ? { status: 'stopped' as const, exitCode: -1 } : Promise.reject(err)))),
    );
    return Object.fromEntries(ids.map((id, i) => [id, statuses[i]]));
  }

  private async current(serviceId: string): Promise<{ containerId: string; status: UserServiceStatus }> {
    const { containerId } = this.registry.getStarted(serviceId);
    return { containerId, status: await this.backend.getUserServiceStatus(containerId) };
  }

  private async requireStatus(serviceId: string, required: ContainerStatus, action: string): Promise<{ containerId: string }> {
    const { containerId, status } = await this.current(serviceId);
    if (status.status !== required) {
      throw failedPrecondition(`Service '${serviceId}' is ${status.status}; only a ${required} service can be ${action}`);
    }
    return { containerId };
  }

  private async logged(serviceId: string, message: string): Promise<ContainerStatus> {
    const { status } = await this.status(serviceId);
    this.log.info({ serviceId, status }, message);
    return status;
  }
}
