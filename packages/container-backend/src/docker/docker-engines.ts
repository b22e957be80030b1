// Engines on a Docker host: one container each, published on the host's loopback.
import { internal } from '@kurtosis-ts/domain';
import type { EngineGuid } from '@kurtosis-ts/domain';
import type { CreateEngineConfig } from '../backend/configs';
import type { Engine } from '../backend/objects';
import { engineContainerSpec } from './container-specs';
import type { DockerContext } from './docker-context';
import { engineContainerName } from './docker-names';
import { engineGuidOf, toEngine } from './docker-mappers';
import { APP_ID, LABEL_KEYS } from './labels';

export class DockerEngines {
  constructor(private readonly ctx: DockerContext) {}

  async createEngine(config: CreateEngineConfig): Promise<Engine> {
    const spec = engineContainerSpec(config, engineContainerName(Date.now()));
    const containerId = await this.ctx.createAndStart(spec, `starting engine container from image '${config.image}'`);
    const guid = engineGuidOf(containerId);
    const engine = (await this.getEngines()).find((e) => e.guid === guid);
    if (!engine) throw internal(`Engine container ${guid} vanished right after it started`);
    return engine;
  }

  async getEngines(): Promise<Engine[]> {
    const infos = await this.ctx.listContainers({ [LABEL_KEYS.appId]: APP_ID, [LABEL_KEYS.containerType]: 'kurtosis-engine' }, 'listing engine containers');
    return infos.map(toEngine);
  }

  async destroyEngine(guid: EngineGuid): Promise<void> {
    await this.ctx.removeContainerIfPresent(guid, 'removing engine container');
  }
}
