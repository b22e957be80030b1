// Pause, unpause, stop, restart and kill of started services (our ServiceLifecycleService). The
// status is read from the backend on every call rather than kept in the registry: it also changes
// on its own (a process crashes), and an API container restart must not lose it.
import { isDomainError, precondition } from '@kurtosis-ts/domain';
import type { EnclaveId } from '@kurtosis-ts/domain';
import type { EnclaveBackend, RuntimeStatus, ServiceStatus } from '@kurtosis-ts/container-backend';
import type { Logger } from 'pino';
import type { ServiceIntent } from '../reconcile/reconcile-plan';
import type { ServiceRecord, ServiceRegistry } from './service-registry';
import { normalizeSignal } from './signal-name';
import { validateStopTimeout } from '../bounds/request-bounds';

export interface ServiceLifecycleOptions {
  backend: EnclaveBackend;
  enclaveId: EnclaveId;
  registry: ServiceRegistry;
  log: Logger;
  /** Called after every change of a service's intent, which must survive a restart. */
  persist?: () => Promise<void>;
}

export class ServiceLifecycle {
  private readonly backend: EnclaveBackend;
  private readonly enclaveId: EnclaveId;
  private readonly registry: ServiceRegistry;
  private readonly log: Logger;
  private readonly persist: () => Promise<void>;

  constructor(options: ServiceLifecycleOptions) {
    this.backend = options.backend;
    this.enclaveId = options.enclaveId;
    this.registry = options.registry;
    this.log = options.log;
    this.persist = options.persist ?? (async () => undefined);
  }

  async pause(serviceId: string): Promise<RuntimeStatus> {
    const { guid } = await this.requireStatus(serviceId, 'running', 'paused');
    await this.backend.pauseService(this.enclaveId, guid);
    await this.intend(serviceId, 'paused');
    return this.logged(serviceId, 'service paused');
  }

  async unpause(serviceId: string): Promise<RuntimeStatus> {
    const { guid } = await this.requireStatus(serviceId, 'paused', 'unpaused');
    await this.backend.unpauseService(this.enclaveId, guid);
    await this.intend(serviceId, undefined);
    return this.logged(serviceId, 'service unpaused');
  }

  async stop(serviceId: string, stopTimeoutSeconds: number): Promise<RuntimeStatus> {
    validateStopTimeout('stop_timeout_seconds', stopTimeoutSeconds);
    const { guid } = this.registry.getStarted(serviceId);
    await this.backend.stopService(this.enclaveId, guid, stopTimeoutSeconds);
    await this.intend(serviceId, 'stopped');
    return this.logged(serviceId, 'service stopped');
  }

  async restart(serviceId: string, stopTimeoutSeconds: number): Promise<RuntimeStatus> {
    validateStopTimeout('stop_timeout_seconds', stopTimeoutSeconds);
    const { guid } = this.registry.getStarted(serviceId);
    await this.backend.restartService(this.enclaveId, guid, stopTimeoutSeconds);
    // A restarted service may be published on new ports (a sidecar's stay as they were).
    const restarted = (await this.backend.getUserServices(this.enclaveId)).find((s) => s.guid === guid);
    if (restarted) this.registry.updatePublicPorts(serviceId, restarted.publicPorts);
    await this.intend(serviceId, undefined);
    return this.logged(serviceId, 'service restarted');
  }

  async kill(serviceId: string, signal: string): Promise<RuntimeStatus> {
    const signalName = normalizeSignal(signal);
    const { guid } = await this.requireStatus(serviceId, 'running', `sent ${signalName}`);
    await this.backend.killService(this.enclaveId, guid, signalName);
    const status = await this.logged(serviceId, `service sent ${signalName}`);
    // A signal that ended it ended it on purpose; one it handled (SIGHUP…) changes nothing.
    if (status === 'stopped') await this.intend(serviceId, 'stopped');
    return status;
  }

  private async intend(serviceId: string, intent: ServiceIntent | undefined): Promise<void> {
    this.registry.setIntent(serviceId, intent);
    await this.persist();
  }

  async status(serviceId: string): Promise<ServiceStatus> {
    return (await this.current(serviceId)).status;
  }

  /** Every started service's status, read from the backend. */
  async statuses(): Promise<Record<string, ServiceStatus>> {
    const ids = this.registry.startedServiceIds();
    // A service removed behind our back (docker rm) reads as stopped, exit code -1, rather than failing the whole list.
    const statuses = await Promise.all(
      ids.map((id) => this.status(id).catch((err: unknown) => (isDomainError(err, 'not-found') ? { status: 'stopped' as const, exitCode: -1 } : Promise.reject(err)))),
    );
    return Object.fromEntries(ids.map((id, i) => [id, statuses[i]]));
  }

  private async current(serviceId: string): Promise<{ record: ServiceRecord; status: ServiceStatus }> {
    const record = this.registry.getStarted(serviceId);
    return { record, status: await this.backend.getServiceStatus(this.enclaveId, record.guid) };
  }

  private async requireStatus(serviceId: string, required: RuntimeStatus, action: string): Promise<ServiceRecord> {
    const { record, status } = await this.current(serviceId);
    if (status.status !== required) {
      throw precondition(`Service '${serviceId}' is ${status.status}; only a ${required} service can be ${action}`);
    }
    return record;
  }

  private async logged(serviceId: string, message: string): Promise<RuntimeStatus> {
    const { status } = await this.status(serviceId);
    this.log.info({ serviceId, status }, message);
    return status;
  }
}
