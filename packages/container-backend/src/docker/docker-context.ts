// What every concept of the Docker backend shares: the client, the images it runs for itself, and
// the few Docker idioms they all use (create-and-start with clean-up, removal that tolerates "gone",
// a stop that tolerates "stopped already").
import { internal } from '@kurtosis-ts/domain';
import type { EnclaveId } from '@kurtosis-ts/domain';
import { DockerClient } from './client/docker-client';
import type { ContainerCreateOptions, ContainerInfo } from './client/docker-types';
import type { DockerEnclave } from './container-specs';
import { dataVolumeName, enclaveNetworkName, stateVolumeName } from './docker-names';
import { isDockerStatus, toDomainError, withDockerContext } from './docker-errors';
import { labelFilter } from './labels';
import type { Labels } from './labels';

export interface DockerBackendOptions {
  client?: DockerClient;
  /** An image with `tar` that unpacks files artifacts (the API container's own). */
  filesArtifactExpanderImage?: string;
  /** The image of networking sidecars (partitioned enclaves). */
  networkingSidecarImage?: string;
}

export class DockerContext {
  readonly client: DockerClient;

  constructor(readonly options: DockerBackendOptions = {}) {
    this.client = options.client ?? new DockerClient();
  }

  /** The names of an enclave's network and volumes. */
  enclave(enclaveId: EnclaveId): DockerEnclave {
    return { id: enclaveId, networkName: enclaveNetworkName(enclaveId), dataVolumeName: dataVolumeName(enclaveId), stateVolumeName: stateVolumeName(enclaveId) };
  }

  requireImage(image: string | undefined, what: string): string {
    if (!image) throw internal(`Starting a ${what}: this backend was given no ${what} image`);
    return image;
  }

  listContainers(labels: Labels, doing: string): Promise<ContainerInfo[]> {
    return withDockerContext(`Docker: ${doing}`, () => this.client.listContainers(labelFilter(labels)));
  }

  /** Creates and starts a container; if starting fails, the created container is removed again. */
  async createAndStart(spec: ContainerCreateOptions, doing: string): Promise<string> {
    const containerId = await withDockerContext(doing, () => this.client.createContainer(spec));
    try {
      await this.client.startContainer(containerId);
    } catch (err) {
      await this.client.removeContainer(containerId).catch(() => undefined);
      throw toDomainError(err, doing);
    }
    return containerId;
  }

  async removeContainerIfPresent(container: string, doing: string): Promise<void> {
    await withDockerContext(doing, async () => {
      try {
        await this.client.removeContainer(container);
      } catch (err) {
        if (!isDockerStatus(err, 404)) throw err;
      }
    });
  }

  /** docker stop; a container that had stopped already (304) is what was asked. Docker's errors are left raw. */
  async stopContainer(container: string, stopTimeoutSeconds: number): Promise<void> {
    try {
      await this.client.stopContainer(container, stopTimeoutSeconds);
    } catch (err) {
      if (!isDockerStatus(err, 304)) throw err;
    }
  }

  /** A frozen process cannot act on SIGTERM: thawed first, it gets its chance to shut down. */
  async thawIfPaused(container: string): Promise<void> {
    if ((await this.client.inspectContainer(container)).State.Paused) await this.client.unpauseContainer(container);
  }
}
