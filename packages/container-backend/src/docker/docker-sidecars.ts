// Networking sidecars on Docker (PartitionSupport): a NET_ADMIN container per service that owns the
// service's network namespace — its address, DNS alias and published ports — and runs its iptables
// rules; the service joins it with `network_mode: container:<sidecar>`.
import type { EnclaveId, ServiceGuid } from '@kurtosis-ts/domain';
import type { CreateNetworkingSidecarConfig } from '../backend/configs';
import type { NetworkingSidecar } from '../backend/objects';
import type { PartitionSupport } from '../backend/partition-support';
import { networkingSidecarContainerSpec } from './container-specs';
import type { DockerAddresses } from './docker-addresses';
import type { DockerContext } from './docker-context';
import { ensureImage } from './docker-images';
import { containerRefOf } from './docker-names';
import { toNetworkingSidecar } from './docker-mappers';
import { enclaveLabels, LABEL_KEYS } from './labels';

export class DockerSidecars implements PartitionSupport {
  constructor(
    private readonly ctx: DockerContext,
    private readonly addresses: DockerAddresses,
  ) {}

  async createNetworkingSidecar(enclaveId: EnclaveId, serviceGuid: ServiceGuid, config: CreateNetworkingSidecarConfig): Promise<NetworkingSidecar> {
    const { serviceId, privateIp } = (await this.addresses.book(enclaveId)).service(serviceGuid);
    const image = this.ctx.requireImage(this.ctx.options.networkingSidecarImage, 'networking sidecar');
    await ensureImage(this.ctx.client, image);
    const spec = networkingSidecarContainerSpec(
      this.ctx.enclave(enclaveId),
      { serviceId, guid: serviceGuid, image, ip: privateIp, ports: config.ports },
      containerRefOf({ kind: 'networking-sidecar', enclaveId, guid: serviceGuid }),
    );
    await this.ctx.createAndStart(spec, `Starting the networking sidecar of service '${serviceId}'`);
    return { enclaveId, serviceId, guid: serviceGuid, privateIp, status: 'running' };
  }

  async getNetworkingSidecars(enclaveId: EnclaveId): Promise<NetworkingSidecar[]> {
    const infos = await this.ctx.listContainers({ ...enclaveLabels(enclaveId), [LABEL_KEYS.containerType]: 'networking-sidecar' }, 'listing networking sidecars');
    return infos.map(toNetworkingSidecar);
  }

  async destroyNetworkingSidecar(enclaveId: EnclaveId, serviceGuid: ServiceGuid): Promise<void> {
    const container = containerRefOf({ kind: 'networking-sidecar', enclaveId, guid: serviceGuid });
    await this.ctx.removeContainerIfPresent(container, `Removing networking sidecar ${container}`);
  }
}
