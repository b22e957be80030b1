// Modules on Docker: a container per load on the enclave network at its registered address, its
// gRPC port published on the host's loopback; ENTRYPOINT and CMD are the image's own.
import { internal, quoteValue } from '@kurtosis-ts/domain';
import type { EnclaveId, ModuleGuid } from '@kurtosis-ts/domain';
import type { StartModuleConfig } from '../backend/configs';
import type { EnclaveModule } from '../backend/objects';
import { moduleContainerSpec } from './container-specs';
import type { DockerAddresses } from './docker-addresses';
import type { DockerContext } from './docker-context';
import { containerRefOf } from './docker-names';
import { toModule } from './docker-mappers';
import { isDockerStatus, withDockerContext } from './docker-errors';
import { enclaveLabels, LABEL_KEYS } from './labels';

const DEFAULT_STOP_TIMEOUT_SECONDS = 10;

export class DockerModules {
  constructor(
    private readonly ctx: DockerContext,
    private readonly addresses: DockerAddresses,
  ) {}

  async startModule(enclaveId: EnclaveId, guid: ModuleGuid, config: StartModuleConfig): Promise<EnclaveModule> {
    const { moduleId, privateIp } = (await this.addresses.book(enclaveId)).module(guid);
    const spec = moduleContainerSpec(
      this.ctx.enclave(enclaveId),
      { moduleId, guid, image: config.image, ip: privateIp, port: config.port, env: config.env, dataDirMountpoint: config.dataDirMountpoint },
      containerRefOf({ kind: 'module', enclaveId, guid }),
    );
    await this.ctx.createAndStart(spec, `Starting module '${moduleId}' from image ${quoteValue(config.image)}`);
    const module = (await this.getModules(enclaveId)).find((m) => m.guid === guid);
    if (!module) throw internal(`Module '${moduleId}' vanished right after it started`);
    return module;
  }

  async getModules(enclaveId: EnclaveId): Promise<EnclaveModule[]> {
    const infos = await this.ctx.listContainers({ ...enclaveLabels(enclaveId), [LABEL_KEYS.containerType]: 'module' }, 'listing modules');
    return infos.map(toModule);
  }

  async destroyModule(enclaveId: EnclaveId, guid: ModuleGuid, stopTimeoutSeconds = DEFAULT_STOP_TIMEOUT_SECONDS): Promise<void> {
    const container = containerRefOf({ kind: 'module', enclaveId, guid });
    if (stopTimeoutSeconds > 0) {
      await withDockerContext(`Stopping module container ${container}`, async () => {
        try {
          await this.ctx.stopContainer(container, stopTimeoutSeconds);
        } catch (err) {
          // 404: it is gone already (or never started); removal below is all that is left, and it copes.
          if (!isDockerStatus(err, 404)) throw err;
        }
      });
    }
    await this.ctx.removeContainerIfPresent(container, `Removing module container ${container}`);
    (await this.addresses.book(enclaveId)).unregisterModule(guid);
  }
}
