// API containers on Docker: one per enclave, at the address after the gateway, with the Docker
// socket, the enclave's data volume and its own state volume mounted, its port published on the
// host's loopback, restarted by Docker after a crash or a daemon restart.
import { FreeIpTracker, internal } from '@kurtosis-ts/domain';
import type { EnclaveId } from '@kurtosis-ts/domain';
import type { CreateApiContainerConfig } from '../backend/configs';
import type { ApiContainer } from '../backend/objects';
import { apiContainerSpec } from './container-specs';
import type { DockerContext } from './docker-context';
import type { DockerEnclaves } from './docker-enclaves';
import { containerRefOf } from './docker-names';
import { toApiContainer } from './docker-mappers';
import { withDockerContext } from './docker-errors';
import { APP_ID, LABEL_KEYS } from './labels';

export class DockerApiContainers {
  constructor(
    private readonly ctx: DockerContext,
    private readonly enclaves: DockerEnclaves,
  ) {}

  async createApiContainer(enclaveId: EnclaveId, config: CreateApiContainerConfig): Promise<ApiContainer> {
    const network = await this.enclaves.network(enclaveId);
    const subnet = network.IPAM?.Config?.[0]?.Subnet;
    if (!subnet) throw internal(`The network of enclave '${enclaveId}' has no subnet`);
    const ip = new FreeIpTracker(subnet).apiContainerIp;
    const spec = apiContainerSpec(
      this.ctx.enclave(enclaveId),
      { image: config.image, ip, port: config.port, env: config.env({ privateIp: ip }), dataDirMountpoint: config.dataDirMountpoint, stateDirMountpoint: config.stateDirMountpoint },
      containerRefOf({ kind: 'api-container', enclaveId }),
    );
    const containerId = await this.ctx.createAndStart(spec, `Starting the API container of enclave '${enclaveId}' from image '${config.image}'`);
    const apiContainer = (await this.getApiContainers([enclaveId])).find((a) => a.platformId === containerId);
    if (!apiContainer) throw internal(`API container of enclave '${enclaveId}' vanished right after it started`);
    return apiContainer;
  }

  async getApiContainers(enclaveIds?: readonly EnclaveId[]): Promise<ApiContainer[]> {
    const infos = await this.ctx.listContainers({ [LABEL_KEYS.appId]: APP_ID, [LABEL_KEYS.containerType]: 'api-container' }, 'listing API containers');
    return infos.map(toApiContainer).filter((a) => !enclaveIds || enclaveIds.includes(a.enclaveId));
  }

  async stopApiContainer(enclaveId: EnclaveId, stopTimeoutSeconds: number): Promise<void> {
    const container = containerRefOf({ kind: 'api-container', enclaveId });
    await withDockerContext(`Stopping the API container of enclave '${enclaveId}'`, async () => {
      await this.ctx.thawIfPaused(container);
      await this.ctx.stopContainer(container, stopTimeoutSeconds);
    });
  }
}
