// The addresses of one enclave, as a backend hands them out: a GUID and the lowest free address for
// each registered service and module, addresses reserved for containers started from outside, and
// whatever else the network holds (the gateway, the API container, containers attached from
// outside) marked taken. Both backends build one per enclave from what they find; pure.
import { FreeIpTracker, notFound, trustedId } from '@kurtosis-ts/domain';
import type { EnclaveId, ModuleGuid, ModuleId, ServiceGuid, ServiceId } from '@kurtosis-ts/domain';
import type { ModuleRegistration, ServiceRegistration } from '../backend/objects';

export class EnclaveAddressBook {
  private readonly ips: FreeIpTracker;
  private readonly services = new Map<ServiceGuid, ServiceRegistration>();
  private readonly modules = new Map<ModuleGuid, ModuleRegistration>();
  private lastMintedMs = 0;

  constructor(
    readonly enclaveId: EnclaveId,
    readonly subnet: string,
    /** Addresses held already: anything attached to the network. */
    taken: Iterable<string> = [],
    private readonly now: () => number = Date.now,
  ) {
    this.ips = new FreeIpTracker(subnet, taken);
    // The API container's address is its by rule, whether or not it runs yet.
    this.ips.markTaken(this.ips.apiContainerIp);
  }

  get gatewayIp(): string {
    return this.ips.gatewayIp;
  }

  /** The address each enclave's API container gets: the one after the gateway. */
  get apiContainerIp(): string {
    return this.ips.apiContainerIp;
  }

  markTaken(ip: string): void {
    this.ips.markTaken(ip);
  }

  isTaken(ip: string): boolean {
    return this.ips.isTaken(ip);
  }

  registerService(serviceId: ServiceId): ServiceRegistration {
    const registration = { enclaveId: this.enclaveId, serviceId, guid: trustedId<ServiceGuid>(this.mintGuid(serviceId)), privateIp: this.ips.takeFreeIp() };
    this.services.set(registration.guid, registration);
    return { ...registration };
  }

  registerModule(moduleId: ModuleId): ModuleRegistration {
    const registration = { enclaveId: this.enclaveId, moduleId, guid: trustedId<ModuleGuid>(this.mintGuid(moduleId)), privateIp: this.ips.takeFreeIp() };
    this.modules.set(registration.guid, registration);
    return { ...registration };
  }

  /** Records a registration that exists already (read back from the platform, or restored by the API container). */
  adoptService(registration: ServiceRegistration): void {
    this.ips.markTaken(registration.privateIp);
    this.services.set(registration.guid, { ...registration });
  }

  adoptModule(registration: ModuleRegistration): void {
    this.ips.markTaken(registration.privateIp);
    this.modules.set(registration.guid, { ...registration });
  }

  service(guid: ServiceGuid): ServiceRegistration {
    const registration = this.services.get(guid);
    if (!registration) throw notFound(`No service with GUID '${guid}' is registered in enclave '${this.enclaveId}'`);
    return { ...registration };
  }

  module(guid: ModuleGuid): ModuleRegistration {
    const registration = this.modules.get(guid);
    if (!registration) throw notFound(`No module with GUID '${guid}' is registered in enclave '${this.enclaveId}'`);
    return { ...registration };
  }

  hasService(guid: ServiceGuid): boolean {
    return this.services.has(guid);
  }

  /** Forgets the registration and frees its address (no-op when unknown). */
  unregisterService(guid: ServiceGuid): void {
    const registration = this.services.get(guid);
    if (!registration) return;
    this.services.delete(guid);
    this.ips.release(registration.privateIp);
  }

  unregisterModule(guid: ModuleGuid): void {
    const registration = this.modules.get(guid);
    if (!registration) return;
    this.modules.delete(guid);
    this.ips.release(registration.privateIp);
  }

  reserve(): string {
    return this.ips.takeFreeIp();
  }

  release(ip: string): void {
    this.ips.release(ip);
  }

  /** `<id>-<Unix ms>`, never the same twice from one book (two registrations within one millisecond). */
  private mintGuid(objectId: string): string {
    const ms = Math.max(this.now(), this.lastMintedMs + 1);
    this.lastMintedMs = ms;
    return `${objectId}-${ms}`;
  }
}
