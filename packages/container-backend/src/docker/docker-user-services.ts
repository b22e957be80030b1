// User services on Docker: a container per started service on the enclave network at its
// registered address, with the service ID as its DNS alias and its ports published on the host's
// loopback; in partitioned enclaves it joins its networking sidecar's network namespace instead.
import { precondition, quoteValue } from '@kurtosis-ts/domain';
import type { ArtifactId, EnclaveId, PortSpec, ServiceGuid } from '@kurtosis-ts/domain';
import type { StartServiceConfig } from '../backend/configs';
import type { ServiceStatus, UserService } from '../backend/objects';
import { dockerPortKey, userServiceContainerSpec } from './container-specs';
import type { DockerAddresses } from './docker-addresses';
import type { DockerContext } from './docker-context';
import type { DockerFilesArtifacts } from './docker-files-artifacts';
import { containerRefOf, enclaveNetworkName, filesArtifactVolumeName } from './docker-names';
import { PUBLIC_HOST, runtimeStatus, servicesInEnclave } from './docker-mappers';
import { isDockerStatus, withDockerContext } from './docker-errors';
import { enclaveLabels, LABEL_KEYS } from './labels';

const serviceRef = (enclaveId: EnclaveId, guid: ServiceGuid) => containerRefOf({ kind: 'user-service', enclaveId, guid });
const sidecarRef = (enclaveId: EnclaveId, guid: ServiceGuid) => containerRefOf({ kind: 'networking-sidecar', enclaveId, guid });

export class DockerUserServices {
  constructor(
    private readonly ctx: DockerContext,
    private readonly addresses: DockerAddresses,
    private readonly artifacts: DockerFilesArtifacts,
  ) {}

  async startService(enclaveId: EnclaveId, guid: ServiceGuid, config: StartServiceConfig): Promise<UserService> {
    const registration = (await this.addresses.book(enclaveId)).service(guid);
    const { serviceId } = registration;
    const volumeMounts = await this.artifacts.expandAll(enclaveId, guid, config.filesArtifacts);
    try {
      const networkOwner = config.joinNetworkingSidecar ? sidecarRef(enclaveId, guid) : undefined;
      const spec = userServiceContainerSpec(
        this.ctx.enclave(enclaveId),
        { ...config, serviceId, guid, ip: registration.privateIp, networkOwnerContainerId: networkOwner, volumeMounts },
        serviceRef(enclaveId, guid),
      );
      const containerId = await this.ctx.createAndStart(spec, `Starting service '${serviceId}' from image ${quoteValue(config.image)}`);
      const { client } = this.ctx;
      const inspected = await withDockerContext(`Inspecting service '${serviceId}'`, () => client.inspectContainer(containerId));
      // Published ports belong to whoever owns the network namespace.
      const owner = networkOwner
        ? await withDockerContext(`Inspecting the sidecar of service '${serviceId}'`, () => client.inspectContainer(networkOwner))
        : inspected;
      const publicPorts: Record<string, PortSpec> = {};
      for (const [portId, port] of Object.entries(config.ports)) {
        const binding = owner.NetworkSettings.Ports?.[dockerPortKey(port)]?.[0];
        if (binding) publicPorts[portId] = { number: Number(binding.HostPort), protocol: port.protocol };
      }
      return {
        ...registration,
        status: runtimeStatus(inspected.State.Status),
        privatePorts: config.ports,
        publicHost: PUBLIC_HOST,
        publicPorts,
        dataDirMountpoint: config.dataDirMountpoint,
      };
    } catch (err) {
      // A retry expands its artifacts afresh; these would only linger until the enclave goes.
      await this.artifacts.removeVolumes(Object.keys(volumeMounts));
      throw err;
    }
  }

  async getUserServices(enclaveId: EnclaveId): Promise<UserService[]> {
    const [services, sidecars] = await Promise.all([
      this.ctx.listContainers({ ...enclaveLabels(enclaveId), [LABEL_KEYS.containerType]: 'user-service' }, 'listing services'),
      this.ctx.listContainers({ ...enclaveLabels(enclaveId), [LABEL_KEYS.containerType]: 'networking-sidecar' }, 'listing networking sidecars'),
    ]);
    return servicesInEnclave(enclaveNetworkName(enclaveId), services, sidecars);
  }

  async removeService(enclaveId: EnclaveId, guid: ServiceGuid, stopTimeoutSeconds: number): Promise<void> {
    const container = serviceRef(enclaveId, guid);
    const { client } = this.ctx;
    const inspected = await client.inspectContainer(container).catch((err: unknown) => {
      if (isDockerStatus(err, 404)) return undefined;
      throw err;
    });
    if (inspected) {
      await this.stopService(enclaveId, guid, stopTimeoutSeconds);
      if (inspected.HostConfig?.NetworkMode?.startsWith('container:')) {
        // It lives in its sidecar's namespace: it leaves the network when the sidecar goes.
        const sidecar = await client.inspectContainer(sidecarRef(enclaveId, guid)).then(
          () => true,
          () => false,
        );
        if (sidecar) throw precondition(`Removing service container ${container}: its networking sidecar still holds its address; destroy the sidecar first`);
      } else {
        // Detaching frees its IP and alias for good and marks it as removed for whoever reads it back.
        await withDockerContext(`Detaching service container ${container} from enclave '${enclaveId}'`, async () => {
          try {
            await client.disconnectFromNetwork(enclaveNetworkName(enclaveId), container);
          } catch (err) {
            // Not attached any more (a second removal after a failed one) is what was asked.
            if (!isDockerStatus(err, 404) && !/is not connected/i.test(String((err as Error).message))) throw err;
          }
        });
      }
    }
    (await this.addresses.book(enclaveId)).unregisterService(guid);
  }

  async removeServiceProcess(enclaveId: EnclaveId, guid: ServiceGuid, stopTimeoutSeconds: number): Promise<void> {
    const { serviceId } = (await this.addresses.book(enclaveId)).service(guid);
    const container = serviceRef(enclaveId, guid);
    const { client } = this.ctx;
    const inspected = await client.inspectContainer(container).catch((err: unknown) => {
      if (isDockerStatus(err, 404)) return undefined;
      throw err;
    });
    if (!inspected) return;
    await this.stopService(enclaveId, guid, stopTimeoutSeconds);
    // Its artifact volumes are named after it, so a new process of the same service would collide with them.
    const artifactVolumes = (inspected.Mounts ?? [])
      .filter((m) => m.Type === 'volume' && typeof m.Name === 'string' && m.Name.startsWith(filesArtifactVolumeName(enclaveId, guid, '' as ArtifactId)))
      .map((m) => m.Name as string);
    await this.ctx.removeContainerIfPresent(container, `Removing the container of service '${serviceId}'`);
    await this.artifacts.removeVolumes(artifactVolumes);
  }

  // ------------------------------------------------------------------ lifecycle

  async pauseService(enclaveId: EnclaveId, guid: ServiceGuid): Promise<void> {
    const container = serviceRef(enclaveId, guid);
    await withDockerContext(`Pausing service container ${container}`, () => this.ctx.client.pauseContainer(container));
  }

  async unpauseService(enclaveId: EnclaveId, guid: ServiceGuid): Promise<void> {
    const container = serviceRef(enclaveId, guid);
    await withDockerContext(`Unpausing service container ${container}`, () => this.ctx.client.unpauseContainer(container));
  }

  async stopService(enclaveId: EnclaveId, guid: ServiceGuid, stopTimeoutSeconds: number): Promise<void> {
    const container = serviceRef(enclaveId, guid);
    await withDockerContext(`Stopping service container ${container}`, async () => {
      await this.ctx.thawIfPaused(container);
      await this.ctx.stopContainer(container, stopTimeoutSeconds);
    });
  }

  async restartService(enclaveId: EnclaveId, guid: ServiceGuid, stopTimeoutSeconds: number): Promise<void> {
    const container = serviceRef(enclaveId, guid);
    await withDockerContext(`Restarting service container ${container}`, async () => {
      await this.ctx.thawIfPaused(container);
      await this.ctx.client.restartContainer(container, stopTimeoutSeconds);
    });
  }

  async killService(enclaveId: EnclaveId, guid: ServiceGuid, signal: string): Promise<void> {
    const container = serviceRef(enclaveId, guid);
    await withDockerContext(`Sending ${signal} to service container ${container}`, () => this.ctx.client.killContainer(container, signal));
  }

  async getServiceStatus(enclaveId: EnclaveId, guid: ServiceGuid): Promise<ServiceStatus> {
    const container = serviceRef(enclaveId, guid);
    const { State } = await withDockerContext(`Inspecting service container ${container}`, () => this.ctx.client.inspectContainer(container));
    return { status: runtimeStatus(State.Status), exitCode: State.ExitCode };
  }
}

