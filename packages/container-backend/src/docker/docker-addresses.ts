// The address books of the enclaves this process hands out addresses in, each built on first use
// from what Docker holds: the subnet of the enclave network, what is attached to it (ours and from
// outside), the registrations of the services in the enclave and of every module. What only an API
// container knew (services registered but not started, addresses reserved for outside containers)
// it gives back through `restore` after a restart.
import { trustedId } from '@kurtosis-ts/domain';
import type { EnclaveId, ModuleId, ServiceId } from '@kurtosis-ts/domain';
import { EnclaveAddressBook } from '../addresses/enclave-address-book';
import type { RestoredAddresses } from '../backend/enclave-backend';
import type { ModuleRegistration, ServiceRegistration } from '../backend/objects';
import type { DockerContext } from './docker-context';
import type { DockerEnclaves } from './docker-enclaves';
import { enclaveNetworkName } from './docker-names';
import { servicesInEnclave } from './docker-mappers';
import { enclaveLabels, LABEL_KEYS } from './labels';

export class DockerAddresses {
  private readonly books = new Map<EnclaveId, Promise<EnclaveAddressBook>>();

  constructor(
    private readonly ctx: DockerContext,
    private readonly enclaves: DockerEnclaves,
  ) {}

  /** The enclave's book, loaded once; a load that failed is tried again next time. */
  book(enclaveId: EnclaveId): Promise<EnclaveAddressBook> {
    let book = this.books.get(enclaveId);
    if (!book) {
      book = this.load(enclaveId);
      this.books.set(enclaveId, book);
      book.catch(() => this.books.delete(enclaveId));
    }
    return book;
  }

  /** Forgets a destroyed enclave's book. */
  forget(enclaveId: EnclaveId): void {
    this.books.delete(enclaveId);
  }

  async registerService(enclaveId: EnclaveId, serviceId: ServiceId): Promise<ServiceRegistration> {
    return (await this.book(enclaveId)).registerService(serviceId);
  }

  async registerModule(enclaveId: EnclaveId, moduleId: ModuleId): Promise<ModuleRegistration> {
    return (await this.book(enclaveId)).registerModule(moduleId);
  }

  async reserve(enclaveId: EnclaveId): Promise<string> {
    return (await this.book(enclaveId)).reserve();
  }

  async release(enclaveId: EnclaveId, ip: string): Promise<void> {
    (await this.book(enclaveId)).release(ip);
  }

  async restore(enclaveId: EnclaveId, restored: RestoredAddresses): Promise<void> {
    const book = await this.book(enclaveId);
    for (const registration of restored.services) book.adoptService(registration);
    for (const ip of restored.reservedIps) book.markTaken(ip);
  }

  private async load(enclaveId: EnclaveId): Promise<EnclaveAddressBook> {
    const [network, containers] = await Promise.all([
      this.enclaves.network(enclaveId),
      this.ctx.listContainers(enclaveLabels(enclaveId), 'listing the containers of the enclave'),
    ]);
    const attached = Object.values(network.Containers ?? {})
      .map((c) => c.IPv4Address.split('/')[0])
      .filter((ip) => ip !== '');
    const book = new EnclaveAddressBook(enclaveId, network.IPAM?.Config?.[0]?.Subnet ?? '', attached);
    const ofType = (type: string) => containers.filter((c) => c.Labels[LABEL_KEYS.containerType] === type);
    // Removed services (detached, kept for inspection) gave their addresses back; the rest hold theirs.
    for (const s of servicesInEnclave(enclaveNetworkName(enclaveId), ofType('user-service'), ofType('networking-sidecar'))) {
      book.adoptService({ enclaveId, serviceId: s.serviceId, guid: s.guid, privateIp: s.privateIp });
    }
    // Every module holds its address until it is unloaded, a dead one too.
    for (const m of ofType('module')) {
      book.adoptModule({
        enclaveId,
        moduleId: trustedId<ModuleId>(m.Labels[LABEL_KEYS.id]),
        guid: trustedId(m.Labels[LABEL_KEYS.guid]),
        privateIp: m.Labels[LABEL_KEYS.privateIp],
      });
    }
    for (const ip of ofType('api-container').map((a) => a.Labels[LABEL_KEYS.privateIp])) if (ip) book.markTaken(ip);
    return book;
  }
}
