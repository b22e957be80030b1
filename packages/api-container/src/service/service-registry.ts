// The enclave's services as the API container knows them: registered (the backend handed out a
// GUID and an address, and a directory is reserved), starting, or started (the backend runs it).
// Synchronous, so two concurrent calls can never both start one service; registrations themselves
// are serialised by ServiceNetwork around the backend's call.
import { alreadyExists, notFound, parseId, precondition, trustedId } from '@kurtosis-ts/domain';
import type { PortSpec, ServiceGuid, ServiceId } from '@kurtosis-ts/domain';
import type { ServiceRegistration, UserService } from '@kurtosis-ts/container-backend';
import type { ServiceIntent } from '../reconcile/reconcile-plan';
import type { ServiceConfig } from './service-config';

export type ServiceState = 'registered' | 'starting' | 'started';

export interface ServiceRecord {
  serviceId: ServiceId;
  guid: ServiceGuid;
  privateIp: string;
  partitionId: string;
  state: ServiceState;
  privatePorts: Record<string, PortSpec>;
  /** Where the backend publishes its ports ("" until started). */
  publicHost: string;
  publicPorts: Record<string, PortSpec>;
  dataDirMountpoint: string;
  /**
   * What StartService (or the last ReplaceService) was given; undefined for a service an older API
   * container started, which never recorded it.
   */
  config?: ServiceConfig;
}

/** What the state file keeps of a started service's configuration. */
export interface RecordedConfig {
  guid: string;
  config: ServiceConfig;
}

export type StartedService = ServiceRecord & { state: 'started' };

/** A ReplaceService under way, as the state file keeps it: the service and both configurations. */
export interface PendingReplacement {
  guid: string;
  privateIp: string;
  to: ServiceConfig;
  from: ServiceConfig;
}

/** What the state file keeps of a service registered but not started. */
export type UnstartedService = Pick<ServiceRecord, 'serviceId' | 'guid' | 'privateIp'>;

export const SERVICES_DIRNAME = 'services';

export function relativeServiceDirpath(guid: string): string {
  return `${SERVICES_DIRNAME}/${guid}`;
}

export function requireValidServiceId(serviceId: string): ServiceId {
  return parseId('service', serviceId);
}

function registered(r: UnstartedService): ServiceRecord {
  return { ...r, partitionId: 'default', state: 'registered', privatePorts: {}, publicHost: '', publicPorts: {}, dataDirMountpoint: '' };
}

export class ServiceRegistry {
  private readonly services = new Map<string, ServiceRecord>();
  /** What callers made of a started service on purpose (stopped, paused): kept across restarts. */
  private readonly intents = new Map<string, ServiceIntent>();
  /** ReplaceService calls under way (kept in the state file until the service runs again). */
  private readonly replacing = new Map<string, PendingReplacement>();
  /** Replacements a restart interrupted after the old container went: registered again, to be started. */
  readonly interrupted: (PendingReplacement & { serviceId: ServiceId })[] = [];

  /**
   * Rebuilt from what the backend reports (started services) and the state file (registered ones),
   * so an API container restart keeps every service.
   */
  constructor(
    existing: readonly UserService[] = [],
    unstarted: readonly UnstartedService[] = [],
    intents: Readonly<Record<string, ServiceIntent>> = {},
    configs: Readonly<Record<string, RecordedConfig>> = {},
    replacements: Readonly<Record<string, PendingReplacement>> = {},
  ) {
    for (const r of unstarted.filter((r) => !existing.some((s) => s.serviceId === r.serviceId))) this.services.set(r.serviceId, registered(r));
    // A replacement whose service has no container any more: registered again under its GUID and
    // address (the caller starts it); one whose container is there ran to its end or never began.
    for (const [serviceId, pending] of Object.entries(replacements)) {
      if (existing.some((s) => s.serviceId === serviceId) || this.services.has(serviceId)) continue;
      const id = parseId('service', serviceId);
      this.services.set(id, registered({ serviceId: id, guid: trustedId<ServiceGuid>(pending.guid), privateIp: pending.privateIp }));
      this.interrupted.push({ serviceId: id, ...pending });
    }
    for (const s of existing) {
      this.services.set(s.serviceId, {
        serviceId: s.serviceId,
        guid: s.guid,
        privateIp: s.privateIp,
        partitionId: 'default',
        state: 'started',
        privatePorts: s.privatePorts,
        publicHost: s.publicHost,
        publicPorts: s.publicPorts,
        dataDirMountpoint: s.dataDirMountpoint,
        // Only the configuration recorded for this very service (not an earlier one of the same ID).
        ...(configs[s.serviceId]?.guid === s.guid ? { config: configs[s.serviceId].config } : {}),
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

  /** The ID as a ServiceId, refused when it is invalid or registered already. */
  requireUnregistered(serviceId: string): ServiceId {
    const id = requireValidServiceId(serviceId);
    if (this.services.has(id)) throw alreadyExists(`Service '${serviceId}' is already registered`);
    return id;
  }

  /** Records what the backend handed out for a new service. */
  add(registration: ServiceRegistration, partitionId: string): ServiceRecord {
    this.requireUnregistered(registration.serviceId);
    const record = { ...registered(registration), partitionId };
    this.services.set(registration.serviceId, record);
    return record;
  }

  get(serviceId: string): ServiceRecord {
    requireValidServiceId(serviceId);
    const record = this.services.get(serviceId);
    if (!record) throw notFound(`No service with ID '${serviceId}' is registered in this enclave`);
    return record;
  }

  getStarted(serviceId: string): StartedService {
    const record = this.get(serviceId);
    if (record.state !== 'started') throw precondition(`Service '${serviceId}' is registered but has not been started`);
    return record as StartedService;
  }

  /** registered → starting; anything else is refused. */
  beginStart(serviceId: string): ServiceRecord {
    const record = this.get(serviceId);
    if (record.state !== 'registered') {
      throw precondition(`Service '${serviceId}' has already been started${record.state === 'starting' ? ' (it is starting now)' : ''}`);
    }
    record.state = 'starting';
    return record;
  }

  finishStart(serviceId: string, started: Pick<ServiceRecord, 'privatePorts' | 'publicHost' | 'publicPorts' | 'dataDirMountpoint' | 'config'>): void {
    Object.assign(this.get(serviceId), started, { state: 'started' as const });
  }

  /** A started service now runs from another configuration (ReplaceService); its ID, GUID and IP stay. */
  replaceStarted(serviceId: string, started: Pick<ServiceRecord, 'privatePorts' | 'publicHost' | 'publicPorts' | 'dataDirMountpoint' | 'config'>): void {
    Object.assign(this.getStarted(serviceId), started);
  }

  /** ReplaceService is about to remove the service's container: what to start should it never come back. */
  beginReplacement(serviceId: string, to: ServiceConfig, from: ServiceConfig): void {
    const record = this.getStarted(serviceId);
    this.replacing.set(serviceId, { guid: record.guid, privateIp: record.privateIp, to, from });
  }

  endReplacement(serviceId: string): void {
    this.replacing.delete(serviceId);
  }

  /** For the state file. */
  replacements(): Record<string, PendingReplacement> {
    return Object.fromEntries(this.replacing);
  }

  /** The recorded configuration of every started service that has one, for the state file. */
  configs(): Record<string, RecordedConfig> {
    return Object.fromEntries(
      [...this.services.values()].filter((s) => s.state === 'started' && s.config).map((s) => [s.serviceId, { guid: s.guid, config: s.config as ServiceConfig }]),
    );
  }

  /** After a restart: the ports the backend published for the service this time. */
  updatePublicPorts(serviceId: string, publicPorts: Record<string, PortSpec>): void {
    this.get(serviceId).publicPorts = publicPorts;
  }

  /** A failed start leaves the service registered, so the client may try again. */
  abortStart(serviceId: string): void {
    this.get(serviceId).state = 'registered';
  }

  /** Forgets the service (its address is the backend's to free). */
  remove(serviceId: string): void {
    this.get(serviceId);
    this.services.delete(serviceId);
    this.intents.delete(serviceId);
    this.replacing.delete(serviceId);
  }

  /** The private IP of a registered service (started or not), or undefined. */
  ipOf(serviceId: string): string | undefined {
    return this.services.get(serviceId)?.privateIp;
  }

  /** Services registered but not started, for the state file. */
  unstarted(): UnstartedService[] {
    return [...this.services.values()].filter((s) => s.state !== 'started').map(({ serviceId, guid, privateIp }) => ({ serviceId, guid, privateIp }));
  }

  /** Every registered service, started or not. */
  allServiceIds(): string[] {
    return [...this.services.keys()];
  }

  startedServiceIds(): string[] {
    return [...this.services.values()].filter((s) => s.state === 'started').map((s) => s.serviceId);
  }

  /** The record of a started service by its GUID, or undefined. */
  byGuid(guid: string): ServiceRecord | undefined {
    return [...this.services.values()].find((s) => s.guid === guid);
  }
}
