// The enclave's services as the API container knows them: registered (an IP and a directory are
// reserved), starting, or started (a container runs with them). Synchronous, so two concurrent calls
// can never both register one ID or both start one service.
import { explainInvalidId, FreeIpTracker } from '@kurtosis-ts/container-backend';
import type { PortSpec, UserService } from '@kurtosis-ts/container-backend';
import { alreadyExists, failedPrecondition, invalidArgument, notFound } from '@kurtosis-ts/protos';
import type { ServiceIntent } from '../reconcile/reconcile-plan';

export type ServiceState = 'registered' | 'starting' | 'started';

export interface ServiceRecord {
  serviceId: string;
  guid: string;
  privateIp: string;
  partitionId: string;
  state: ServiceState;
  containerId?: string;
  privatePorts: Record<string, PortSpec>;
  publicPorts: Record<string, PortSpec>;
  dataDirMountpoint: string;
}

export const SERVICES_DIRNAME = 'services';

export function relativeServiceDirpath(guid: string): string {
  return `${SERVICES_DIRNAME}/${guid}`;
}

export function requireValidServiceId(serviceId: string): void {
  const problem = explainInvalidId('service', serviceId);
  if (problem) throw invalidArgument(problem);
}

export class ServiceRegistry {
  private readonly services = new Map<string, ServiceRecord>();
  /** What callers made of a started service on purpose (stopped, paused): kept across restarts. */
  private readonly intents = new Map<string, ServiceIntent>();
  readonly ips: FreeIpTracker;

  /**
   * Rebuilt from what Docker knows (started services) and the state file (registered ones), so an
   * API container restart keeps every service.
   */
  constructor(
    subnet: string,
    ownIp: string,
    existing: readonly UserService[] = [],
    registered: readonly Pick<ServiceRecord, 'serviceId' | 'guid' | 'privateIp'>[] = [],
    intents: Readonly<Record<string, ServiceIntent>> = {},
  ) {
    this.ips = new FreeIpTracker(subnet, [ownIp]);
    for (const r of registered.filter((r) => !existing.some((s) => s.serviceId === r.serviceId))) {
      this.ips.markTaken(r.privateIp);
      this.services.set(r.serviceId, { ...r, partitionId: 'default', state: 'registered', privatePorts: {}, publicPorts: {}, dataDirMountpoint: '' });
    }
    for (const s of existing) {
      this.ips.markTaken(s.privateIp);
      this.services.set(s.serviceId, {
        serviceId: s.serviceId,
        guid: s.guid,
        privateIp: s.privateIp,
        partitionId: 'default',
        state: 'started',
        containerId: s.containerId,
        privatePorts: s.privatePorts,
        publicPorts: s.publicPorts,
        dataDirMountpoint: s.dataDirMountpoint,
      });
    }
    for (const [serviceId, intent] of Object.entries(intents)) if (this.services.has(serviceId)) this.intents.set(serviceId, intent);
  }

  /** Records what a caller made of the service on purpose; undefined when it should simply run. */
  setIntent(serviceId: string, intent: ServiceIntent | undefined): void {
    if (intent) this.intents.set(serviceId, intent);
    else this.intents.delete(serviceId);
  }

  /** For the state file. */
  serviceIntents(): Record<string, ServiceIntent> {
    return Object.fromEntries(this.intents);
  }

  register(serviceId: string, partitionId: string, guid: string): ServiceRecord {
    requireValidServiceId(serviceId);
    if (this.services.has(serviceId)) throw alreadyExists(`Service '${serviceId}' is already registered`);
    const record: ServiceRecord = {
      serviceId,
      guid,
      privateIp: this.ips.takeFreeIp(),
      partitionId,
      state: 'registered',
      privatePorts: {},
      publicPorts: {},
      dataDirMountpoint: '',
    };
    this.services.set(serviceId, record);
    return record;
  }

  get(serviceId: string): ServiceRecord {
    requireValidServiceId(serviceId);
    const record = this.services.get(serviceId);
    if (!record) throw notFound(`No service with ID '${serviceId}' is registered in this enclave`);
    return record;
  }

  getStarted(serviceId: string): ServiceRecord & { containerId: string } {
    const record = this.get(serviceId);
    if (record.state !== 'started' || !record.containerId) {
      throw failedPrecondition(`Service '${serviceId}' is registered but has not been started`);
    }
    return record as ServiceRecord & { containerId: string };
  }

  /** registered → starting; anything else is refused. */
  beginStart(serviceId: string): ServiceRecord {
    const record = this.get(serviceId);
    if (record.state !== 'registered') {
      throw failedPrecondition(`Service '${serviceId}' has already been started${record.state === 'starting' ? ' (it is starting now)' : ''}`);
    }
    record.state = 'starting';
    return record;
  }

  finishStart(serviceId: string, started: Pick<ServiceRecord, 'containerId' | 'privatePorts' | 'publicPorts' | 'dataDirMountpoint'>): void {
    Object.assign(this.get(serviceId), started, { state: 'started' as const });
  }

  /** After a restart: the host ports the runtime gave the service this time. */
  updatePublicPorts(serviceId: string, publicPorts: Record<string, PortSpec>): void {
    this.get(serviceId).publicPorts = publicPorts;
  }

  /** A failed start leaves the service registered, so the client may try again. */
  abortStart(serviceId: string): void {
    this.get(serviceId).state = 'registered';
  }

  /** Forgets the service and frees its IP. */
  remove(serviceId: string): void {
    const record = this.get(serviceId);
    this.services.delete(serviceId);
    this.intents.delete(serviceId);
    this.ips.release(record.privateIp);
  }

  /** The private IP of a registered service (started or not), or undefined. */
  ipOf(serviceId: string): string | undefined {
    return this.services.get(serviceId)?.privateIp;
  }

  /** Services registered but not started, for the state file. */
  unstarted(): Pick<ServiceRecord, 'serviceId' | 'guid' | 'privateIp'>[] {
    return [...this.services.values()]
      .filter((s) => s.state !== 'started')
      .map(({ serviceId, guid, privateIp }) => ({ serviceId, guid, privateIp }));
  }

  /** Every registered service, started or not. */
  allServiceIds(): string[] {
    return [...this.services.keys()];
  }

  startedServiceIds(): string[] {
    return [...this.services.values()].filter((s) => s.state === 'started').map((s) => s.serviceId);
  }
}
