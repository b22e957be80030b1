// The KurtosisBackend on a Docker engine, through dockerode. Every object it creates is labelled
// (labels.ts), and everything it reports is read back from Docker, so restarts lose nothing.
import Docker from 'dockerode';
import type { ContainerInfo, NetworkInspectInfo } from 'dockerode';
import { BackendError } from '../backend-error';
import { quoteValue } from '../quoted-value';
import { decodePorts, enclaveLabels, labelFilter, LABEL_KEYS, APP_ID } from '../labels';
import type { Labels, PortSpec, PortProtocol } from '../labels';
import { FreeIpTracker } from '../network/free-ip-tracker';
import { chooseFreeSubnet } from '../network/subnet-allocator';
import type {
  ApiContainer,
  ContainerAttachment,
  ContainerEvent,
  ContainerState,
  ContainerWatch,
  ExecSession,
  ContainerStatus,
  UserServiceStatus,
  CreateApiContainerConfig,
  CreateEngineConfig,
  CreateModuleConfig,
  CreateNetworkingSidecarConfig,
  CreateUserServiceConfig,
  Enclave,
  EnclaveContainer,
  ExpandFilesArtifactConfig,
  EngineContainer,
  ExecResult,
  KurtosisBackend,
  ModuleContainer,
  NetworkingSidecar,
  OutputFollower,
  UserService,
} from '../kurtosis-backend';
import {
  apiContainerSpec,
  dockerPortKey,
  ENGINE_CONTAINER_PORT,
  engineContainerSpec,
  filesArtifactExpanderSpec,
  MODULE_PORT_ID,
  moduleContainerSpec,
  networkingSidecarContainerSpec,
  userServiceContainerSpec,
} from './container-specs';
import { classifyDockerError, dockerMessage, isDockerStatus, toBackendError, withDockerContext } from './docker-errors';
import { demuxFrames, FrameDecoder, LineTail } from './docker-streams';
import { SerialQueue } from '../serial-queue';
import { dockerNameStartingWith } from '../docker-object-names';

/** How many times a create retries with another subnet when another process took the chosen one. */
const SUBNET_ATTEMPTS = 5;
const ENCLAVE_STOP_TIMEOUT_SECONDS = 5;

export function dataVolumeName(enclaveId: string): string {
  return `kurtosis-enclave--${enclaveId}--data`;
}

export function stateVolumeName(enclaveId: string): string {
  return `kurtosis-enclave--${enclaveId}--api-container-state`;
}

/** Docker's times ("2026-12-01T07:40:00.123456789Z", or year 1 for "never") as Unix ms; 0 for never. */
function dockerTimeMs(time: string | undefined): number {
  const ms = time ? Date.parse(time) : NaN;
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

function containerStatus(state: string): ContainerStatus {
  if (state === 'running' || state === 'restarting') return 'running';
  if (state === 'paused') return 'paused';
  return 'stopped';
}

/** Host ports on 127.0.0.1 of a listed container, by "<number>/<protocol>". */
function loopbackHostPorts(info: ContainerInfo): Map<string, number> {
  const ports = new Map<string, number>();
  for (const p of info.Ports ?? []) {
    if (p.PublicPort && (p.IP === '127.0.0.1' || p.IP === undefined)) ports.set(`${p.PrivatePort}/${p.Type}`, p.PublicPort);
  }
  return ports;
}

function containerName(info: ContainerInfo): string {
  return (info.Names?.[0] ?? '').replace(/^\//, '');
}

const WATCHED_ACTIONS = new Set<ContainerEvent['action']>(['create', 'start', 'die', 'stop', 'kill', 'destroy', 'pause', 'unpause']);

/** One line of Docker's event stream as a ContainerEvent; undefined for what we do not watch. */
export function toContainerEvent(line: string): ContainerEvent | undefined {
  let raw: { Action?: string; id?: string; Actor?: { ID?: string; Attributes?: Record<string, string> }; timeNano?: number; time?: number };
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined;
  }
  const action = raw.Action as ContainerEvent['action'];
  const containerId = raw.Actor?.ID ?? raw.id;
  if (!WATCHED_ACTIONS.has(action) || !containerId) return undefined;
  const attributes = raw.Actor?.Attributes ?? {};
  const { exitCode, signal, image: _image, name: _name, ...labels } = attributes;
  return {
    containerId,
    action,
    ...(exitCode !== undefined ? { exitCode: Number(exitCode) } : {}),
    ...(signal !== undefined ? { signal } : {}),
    labels,
    timeMs: raw.timeNano ? Math.floor(raw.timeNano / 1e6) : (raw.time ?? 0) * 1000,
  };
}

function sameLabels(actual: Labels, expected: Labels): boolean {
  const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
  return [...keys].every((k) => actual[k] === expected[k]);
}

export class DockerKurtosisBackend implements KurtosisBackend {
  private readonly enclaveCreation = new SerialQueue();

  constructor(private readonly docker: Docker = new Docker()) {}

  // ------------------------------------------------------------------ engine

  async createEngine(config: CreateEngineConfig): Promise<EngineContainer> {
    const name = `kurtosis-engine--${Date.now()}`;
    const spec = engineContainerSpec(config, name);
    const containerId = await this.createAndStart(spec, `starting engine container from image '${config.image}'`);
    const engine = (await this.getEngines()).find((e) => e.containerId === containerId);
    if (!engine) throw new BackendError('failed', `Engine container ${containerId} vanished right after it started`);
    return engine;
  }

  async getEngines(): Promise<EngineContainer[]> {
    const infos = await this.listContainers({ [LABEL_KEYS.appId]: APP_ID, [LABEL_KEYS.containerType]: 'kurtosis-engine' }, 'listing engine containers');
    return infos.map((info) => {
      const status = containerStatus(info.State);
      return {
        containerId: info.Id,
        status,
        version: info.Labels[LABEL_KEYS.id] ?? '',
        publicPort: status === 'running' ? loopbackHostPorts(info).get(`${ENGINE_CONTAINER_PORT}/tcp`) : undefined,
      };
    });
  }

  async destroyEngine(containerId: string): Promise<void> {
    await this.removeContainerIfPresent(containerId, 'removing engine container');
  }

  // ------------------------------------------------------------------ enclaves

  createEnclave(enclaveId: string, options: { isPartitioningEnabled: boolean; creatorEngineId?: string; sessionId?: string }): Promise<Enclave> {
    // Subnet choice and network creation run one at a time in this process, so concurrent creates
    // never pick the same subnet; Docker refusing an overlap (another process) makes us try the next.
    return this.enclaveCreation.run(async () => {
      const labels = {
        ...(options.sessionId ? { [LABEL_KEYS.sessionId]: options.sessionId } : {}),
        ...enclaveLabels(enclaveId),
        [LABEL_KEYS.partitioningEnabled]: String(options.isPartitioningEnabled),
      };
      const volumes = [
        { name: dataVolumeName(enclaveId), type: 'enclave-data' },
        { name: stateVolumeName(enclaveId), type: 'api-container-state' },
      ];
      await this.refuseNamesTaken(enclaveId, volumes.map((v) => v.name));
      const networkId = await this.createEnclaveNetwork(enclaveId, { ...labels, [LABEL_KEYS.creatorEngineId]: options.creatorEngineId ?? '' });
      const created: string[] = [];
      try {
        for (const volume of volumes) {
          const volumeLabels = { ...labels, [LABEL_KEYS.volumeType]: volume.type };
          await withDockerContext(`Creating volume '${volume.name}' of enclave '${enclaveId}'`, () =>
            this.docker.createVolume({ Name: volume.name, Labels: volumeLabels }),
          );
          // Docker answers a create of an existing name with that volume: one someone made in the
          // meantime is not ours to use (nor to remove).
          const made = (await withDockerContext(`Inspecting volume '${volume.name}'`, () => this.docker.getVolume(volume.name).inspect())) as { Labels?: Labels | null };
          if (!sameLabels(made.Labels ?? {}, volumeLabels)) {
            throw new BackendError('already-exists', `Creating enclave '${enclaveId}': a volume named '${volume.name}' exists that this enclave did not create`);
          }
          created.push(volume.name);
        }
      } catch (err) {
        await Promise.all(created.map((name) => this.docker.getVolume(name).remove({ force: true }).catch(() => undefined)));
        await this.docker.getNetwork(networkId).remove().catch(() => undefined);
        throw toBackendError(err, `Creating the volumes of enclave '${enclaveId}'`);
      }
      const [enclave] = await this.getEnclaves([enclaveId]);
      if (!enclave) throw new BackendError('failed', `Enclave '${enclaveId}' vanished right after it was created`);
      return enclave;
    });
  }

  /** Names are owned: a network or volume of the enclave's names that someone else made is refused, never adopted. */
  private async refuseNamesTaken(enclaveId: string, volumeNames: string[]): Promise<void> {
    // Docker's name filter matches substrings; only an exact name is a clash.
    const networks = await withDockerContext('Listing networks', () => this.docker.listNetworks({ filters: { name: [enclaveId] } }));
    if (networks.some((n) => n.Name === enclaveId)) {
      throw new BackendError('already-exists', `Creating enclave '${enclaveId}': a network named '${enclaveId}' exists already`);
    }
    for (const name of volumeNames) {
      const exists = await this.docker
        .getVolume(name)
        .inspect()
        .then(
          () => true,
          (err: unknown) => (isDockerStatus(err, 404) ? false : Promise.reject(toBackendError(err, `Looking up volume '${name}'`))),
        );
      if (exists) throw new BackendError('already-exists', `Creating enclave '${enclaveId}': a volume named '${name}' exists already, and this enclave did not create it`);
    }
  }

  private async createEnclaveNetwork(enclaveId: string, labels: Labels): Promise<string> {
    const refused: string[] = [];
    for (let attempt = 0; attempt < SUBNET_ATTEMPTS; attempt++) {
      const taken = await this.takenSubnets();
      const subnet = chooseFreeSubnet(taken, refused);
      if (!subnet) throw new BackendError('exhausted', `Creating enclave '${enclaveId}': no free /24 subnet is left in the private ranges`);
      const gateway = new FreeIpTracker(subnet).gatewayIp;
      try {
        const network = await this.docker.createNetwork({
          Name: enclaveId,
          Driver: 'bridge',
          CheckDuplicate: true,
          Labels: labels,
          IPAM: { Driver: 'default', Config: [{ Subnet: subnet, Gateway: gateway }] },
        });
        return network.id;
      } catch (err) {
        if (/overlap/i.test(dockerMessage(err))) {
          refused.push(subnet);
          continue;
        }
        throw toBackendError(err, `Creating the network of enclave '${enclaveId}'`);
      }
    }
    throw new BackendError('exhausted', `Creating enclave '${enclaveId}': Docker refused ${SUBNET_ATTEMPTS} subnets in a row as overlapping`);
  }

  async getEnclaves(enclaveIds?: string[]): Promise<Enclave[]> {
    const filter = { label: [`${LABEL_KEYS.appId}=${APP_ID}`, LABEL_KEYS.enclaveId] };
    const [networks, volumes] = await Promise.all([
      withDockerContext('Listing enclave networks', () => this.docker.listNetworks({ filters: filter })),
      withDockerContext('Listing enclave volumes', () => this.docker.listVolumes({ filters: filter })),
    ]);
    const mountpoints = new Map<string, string>();
    for (const v of volumes.Volumes ?? []) mountpoints.set(v.Name, v.Mountpoint);
    return networks
      .filter((n) => !enclaveIds || enclaveIds.includes(n.Labels?.[LABEL_KEYS.enclaveId] ?? ''))
      .map((n) => this.toEnclave(n, mountpoints))
      .filter((e): e is Enclave => e !== undefined);
  }

  async getEnclaveContainers(enclaveId?: string): Promise<EnclaveContainer[]> {
    const labels = enclaveId === undefined ? { [LABEL_KEYS.appId]: APP_ID } : enclaveLabels(enclaveId);
    const infos = await this.listContainers(labels, 'listing enclave containers');
    return infos
      .filter((info) => info.Labels[LABEL_KEYS.enclaveId] !== undefined)
      .map((info) => ({
        containerId: info.Id,
        name: containerName(info),
        enclaveId: info.Labels[LABEL_KEYS.enclaveId],
        containerType: info.Labels[LABEL_KEYS.containerType] ?? '',
        status: containerStatus(info.State),
        objectId: info.Labels[LABEL_KEYS.id] ?? '',
        guid: info.Labels[LABEL_KEYS.guid] ?? '',
      }));
  }

  async stopEnclave(enclaveId: string): Promise<void> {
    const containers = await this.getEnclaveContainers(enclaveId);
    await Promise.all(
      containers
        .filter((c) => c.status !== 'stopped')
        .map((c) =>
          withDockerContext(`Stopping container '${c.name}' of enclave '${enclaveId}'`, async () => {
            try {
              const container = this.docker.getContainer(c.containerId);
              // A paused container must be unpaused before it can receive the stop signal.
              if (c.status === 'paused') await container.unpause();
              await container.stop({ t: ENCLAVE_STOP_TIMEOUT_SECONDS });
            } catch (err) {
              if (!isDockerStatus(err, 304) && !isDockerStatus(err, 404)) throw err;
            }
          }),
        ),
    );
  }

  async destroyEnclave(enclaveId: string): Promise<void> {
    // A container whose creation was already under way when we listed (a StartService in flight)
    // can appear after the first sweep; a second sweep, after the network is gone, catches it.
    for (let sweep = 0; sweep < 2; sweep++) {
      const containers = await this.getEnclaveContainers(enclaveId);
      if (sweep > 0 && containers.length === 0) break;
      await Promise.all(containers.map((c) => this.removeContainerIfPresent(c.containerId, `removing container '${c.name}' of enclave '${enclaveId}'`)));
      await this.removeEnclaveVolumesAndNetworks(enclaveId);
    }
  }

  private async removeEnclaveVolumesAndNetworks(enclaveId: string): Promise<void> {
    const filter = labelFilter(enclaveLabels(enclaveId));
    const volumes = await withDockerContext('Listing enclave volumes', () => this.docker.listVolumes({ filters: filter }));
    await Promise.all(
      (volumes.Volumes ?? []).map((v) =>
        withDockerContext(`Removing volume '${v.Name}' of enclave '${enclaveId}'`, () =>
          this.docker.getVolume(v.Name).remove({ force: true }).catch((err) => (isDockerStatus(err, 404) ? undefined : Promise.reject(err))),
        ),
      ),
    );
    const networks = await withDockerContext('Listing enclave networks', () => this.docker.listNetworks({ filters: filter }));
    for (const n of networks) {
      await withDockerContext(`Removing network '${n.Name}' of enclave '${enclaveId}'`, async () => {
        const network = this.docker.getNetwork(n.Id);
        try {
          // Containers that joined from outside (external registration) would keep the network alive.
          const inspected = (await network.inspect()) as NetworkInspectInfo;
          for (const id of Object.keys(inspected.Containers ?? {})) {
            await network.disconnect({ Container: id, Force: true }).catch(() => undefined);
          }
          await network.remove();
        } catch (err) {
          if (!isDockerStatus(err, 404)) throw err;
        }
      });
    }
  }

  // ------------------------------------------------------------------ API containers

  async createApiContainer(enclave: Enclave, config: CreateApiContainerConfig): Promise<ApiContainer> {
    const spec = apiContainerSpec(enclave, config, `kurtosis-api--${enclave.id}`);
    const containerId = await this.createAndStart(spec, `Starting the API container of enclave '${enclave.id}' from image '${config.image}'`);
    const apiContainer = (await this.getApiContainers([enclave.id])).find((a) => a.containerId === containerId);
    if (!apiContainer) throw new BackendError('failed', `API container of enclave '${enclave.id}' vanished right after it started`);
    return apiContainer;
  }

  async getApiContainers(enclaveIds?: string[]): Promise<ApiContainer[]> {
    const infos = await this.listContainers({ [LABEL_KEYS.appId]: APP_ID, [LABEL_KEYS.containerType]: 'api-container' }, 'listing API containers');
    return infos
      .filter((info) => !enclaveIds || enclaveIds.includes(info.Labels[LABEL_KEYS.enclaveId]))
      .map((info) => {
        const status = containerStatus(info.State);
        const privatePort = Object.values(decodePorts(info.Labels[LABEL_KEYS.ports]))[0]?.number ?? 0;
        return {
          containerId: info.Id,
          enclaveId: info.Labels[LABEL_KEYS.enclaveId],
          status,
          privateIp: info.Labels[LABEL_KEYS.privateIp] ?? '',
          privatePort,
          publicPort: status === 'running' ? loopbackHostPorts(info).get(`${privatePort}/tcp`) : undefined,
        };
      });
  }

  // ------------------------------------------------------------------ user services

  async createUserService(enclave: Enclave, config: CreateUserServiceConfig): Promise<UserService> {
    const spec = userServiceContainerSpec(enclave, config, `${dockerNameStartingWith(enclave.id)}--${config.guid}`);
    const containerId = await this.createAndStart(spec, `Starting service '${config.serviceId}' from image ${quoteValue(config.image)}`);
    const inspected = await withDockerContext(`Inspecting service '${config.serviceId}'`, () => this.docker.getContainer(containerId).inspect());
    // Published ports belong to whoever owns the network namespace.
    const owner = config.networkOwnerContainerId
      ? await withDockerContext(`Inspecting the sidecar of service '${config.serviceId}'`, () =>
          this.docker.getContainer(config.networkOwnerContainerId as string).inspect(),
        )
      : inspected;
    const publicPorts: Record<string, PortSpec> = {};
    for (const [portId, port] of Object.entries(config.ports)) {
      const binding = owner.NetworkSettings.Ports?.[dockerPortKey(port)]?.[0];
      if (binding) publicPorts[portId] = { number: Number(binding.HostPort), protocol: port.protocol };
    }
    return {
      containerId,
      enclaveId: enclave.id,
      serviceId: config.serviceId,
      guid: config.guid,
      status: containerStatus(inspected.State.Status),
      privateIp: config.ip,
      privatePorts: config.ports,
      publicPorts,
      dataDirMountpoint: config.dataDirMountpoint,
    };
  }

  async getUserServices(enclaveId: string): Promise<UserService[]> {
    const [infos, sidecarInfos] = await Promise.all([
      this.listContainers({ ...enclaveLabels(enclaveId), [LABEL_KEYS.containerType]: 'user-service' }, 'listing services'),
      this.listContainers({ ...enclaveLabels(enclaveId), [LABEL_KEYS.containerType]: 'networking-sidecar' }, 'listing networking sidecars'),
    ]);
    const sidecarOf = new Map(sidecarInfos.map((s) => [s.Labels[LABEL_KEYS.guid], s]));
    // A service is in the enclave while it is attached to the network itself or through its sidecar;
    // removal detaches it or removes the sidecar.
    const networkOwner = (info: ContainerInfo) =>
      info.NetworkSettings?.Networks?.[enclaveId] !== undefined ? info : sidecarOf.get(info.Labels[LABEL_KEYS.guid]);
    return infos
      .filter((info) => networkOwner(info) !== undefined)
      .map((info) => {
        const privatePorts = decodePorts(info.Labels[LABEL_KEYS.ports]);
        const hostPorts = loopbackHostPorts(networkOwner(info) as ContainerInfo);
        const publicPorts: Record<string, PortSpec> = {};
        for (const [portId, port] of Object.entries(privatePorts)) {
          const hostPort = hostPorts.get(dockerPortKey(port));
          if (hostPort) publicPorts[portId] = { number: hostPort, protocol: port.protocol as PortProtocol };
        }
        return {
          containerId: info.Id,
          enclaveId,
          serviceId: info.Labels[LABEL_KEYS.id],
          guid: info.Labels[LABEL_KEYS.guid],
          status: containerStatus(info.State),
          privateIp: info.Labels[LABEL_KEYS.privateIp],
          privatePorts,
          publicPorts,
          dataDirMountpoint: info.Labels[LABEL_KEYS.dataDirMountpoint] ?? '',
        };
      });
  }

  async removeUserService(enclave: Enclave, containerId: string, stopTimeoutSeconds: number): Promise<void> {
    const container = this.docker.getContainer(containerId);
    await this.stopUserService(containerId, stopTimeoutSeconds);
    const guid = (await withDockerContext(`Inspecting service container ${containerId}`, () => container.inspect())).Config.Labels[LABEL_KEYS.guid];
    const sidecar = (await this.getNetworkingSidecars(enclave.id)).find((s) => s.guid === guid);
    if (sidecar) {
      // The sidecar owns the namespace: removing it frees the IP and alias.
      await this.destroyNetworkingSidecar(sidecar.containerId);
      return;
    }
    // Detaching frees its IP and alias for good and marks it as removed for whoever reads it back.
    await withDockerContext(`Detaching service container ${containerId} from enclave '${enclave.id}'`, () =>
      this.docker.getNetwork(enclave.networkId).disconnect({ Container: containerId, Force: true }),
    );
  }

  // ------------------------------------------------------------------ service lifecycle

  async pauseUserService(containerId: string): Promise<void> {
    await withDockerContext(`Pausing service container ${containerId}`, () => this.docker.getContainer(containerId).pause());
  }

  async unpauseUserService(containerId: string): Promise<void> {
    await withDockerContext(`Unpausing service container ${containerId}`, () => this.docker.getContainer(containerId).unpause());
  }

  async stopUserService(containerId: string, stopTimeoutSeconds: number): Promise<void> {
    await withDockerContext(`Stopping service container ${containerId}`, async () => {
      await this.thawIfPaused(containerId);
      await this.stopContainer(containerId, stopTimeoutSeconds);
    });
  }

  async restartUserService(containerId: string, stopTimeoutSeconds: number): Promise<void> {
    await withDockerContext(`Restarting service container ${containerId}`, async () => {
      await this.thawIfPaused(containerId);
      await this.docker.getContainer(containerId).restart({ t: stopTimeoutSeconds });
    });
  }

  /** A frozen process cannot act on SIGTERM: thawed first, it gets its chance to shut down. */
  private async thawIfPaused(containerId: string): Promise<void> {
    const container = this.docker.getContainer(containerId);
    if ((await container.inspect()).State.Paused) await container.unpause();
  }

  /** docker stop; a container that had stopped already (304) is what was asked. */
  private async stopContainer(containerId: string, stopTimeoutSeconds: number): Promise<void> {
    try {
      await this.docker.getContainer(containerId).stop({ t: stopTimeoutSeconds });
    } catch (err) {
      if (!isDockerStatus(err, 304)) throw err;
    }
  }

  async killUserService(containerId: string, signal: string): Promise<void> {
    await withDockerContext(`Sending ${signal} to service container ${containerId}`, () => this.docker.getContainer(containerId).kill({ signal }));
  }

  async getUserServiceStatus(containerId: string): Promise<UserServiceStatus> {
    const state = (await withDockerContext(`Inspecting service container ${containerId}`, () => this.docker.getContainer(containerId).inspect())).State;
    return { status: containerStatus(state.Status), exitCode: state.ExitCode };
  }

  // ------------------------------------------------------------------ networking sidecars

  async createNetworkingSidecar(enclave: Enclave, config: CreateNetworkingSidecarConfig): Promise<NetworkingSidecar> {
    const spec = networkingSidecarContainerSpec(enclave, config, `${dockerNameStartingWith(enclave.id)}--sidecar--${config.guid}`);
    const containerId = await this.createAndStart(spec, `Starting the networking sidecar of service '${config.serviceId}'`);
    return { containerId, serviceId: config.serviceId, guid: config.guid, privateIp: config.ip, status: 'running' };
  }

  async getNetworkingSidecars(enclaveId: string): Promise<NetworkingSidecar[]> {
    const infos = await this.listContainers({ ...enclaveLabels(enclaveId), [LABEL_KEYS.containerType]: 'networking-sidecar' }, 'listing networking sidecars');
    return infos.map((info) => ({
      containerId: info.Id,
      serviceId: info.Labels[LABEL_KEYS.id],
      guid: info.Labels[LABEL_KEYS.guid],
      privateIp: info.Labels[LABEL_KEYS.privateIp],
      status: containerStatus(info.State),
    }));
  }

  async destroyNetworkingSidecar(containerId: string): Promise<void> {
    await this.removeContainerIfPresent(containerId, `Removing networking sidecar ${containerId.slice(0, 12)}`);
  }

  // ------------------------------------------------------------------ files artifacts

  async expandFilesArtifact(enclave: Enclave, config: ExpandFilesArtifactConfig): Promise<string> {
    const volumeName = `${dockerNameStartingWith(enclave.id)}--${config.serviceGuid}--${config.artifactId}`;
    const doing = `Expanding files artifact '${config.artifactId}'`;
    await withDockerContext(doing, () =>
      this.docker.createVolume({ Name: volumeName, Labels: { ...enclaveLabels(enclave.id), [LABEL_KEYS.volumeType]: 'files-artifact' } }),
    );
    const spec = filesArtifactExpanderSpec(enclave, config, volumeName, `${dockerNameStartingWith(enclave.id)}--expander--${config.serviceGuid}--${config.artifactId}`);
    let containerId: string | undefined;
    try {
      containerId = await this.createAndStart(spec, doing);
      const exitCode = await this.waitForExit(containerId);
      if (exitCode !== 0) {
        const output = await this.getLastLogLines(containerId, 20).catch(() => '');
        throw new BackendError('failed', `${doing}: tar exited with code ${exitCode}: ${output}`);
      }
      return volumeName;
    } catch (err) {
      // The expander holds the volume: it must go first, or the volume's removal fails (and leaks).
      if (containerId) await this.removeContainerIfPresent(containerId, `${doing}: removing the expander`).catch(() => undefined);
      containerId = undefined;
      await this.docker.getVolume(volumeName).remove({ force: true }).catch(() => undefined);
      throw err;
    } finally {
      if (containerId) await this.removeContainerIfPresent(containerId, `${doing}: removing the expander`).catch(() => undefined);
    }
  }

  async removeFilesArtifactVolume(volumeName: string): Promise<void> {
    await withDockerContext(`Removing files artifact volume ${volumeName}`, async () => {
      try {
        await this.docker.getVolume(volumeName).remove({ force: true });
      } catch (err) {
        if (!isDockerStatus(err, 404)) throw err;
      }
    });
  }

  async removeUnusedFilesArtifactVolumes(enclaveId: string): Promise<string[]> {
    // "dangling" is Docker's word for a volume no container (running or not) refers to.
    const filters = { ...labelFilter({ ...enclaveLabels(enclaveId), [LABEL_KEYS.volumeType]: 'files-artifact' }), dangling: ['true'] };
    const volumes = await withDockerContext(`Listing unused files artifact volumes of enclave '${enclaveId}'`, () => this.docker.listVolumes({ filters }));
    const names = (volumes.Volumes ?? []).map((v) => v.Name);
    await Promise.all(names.map((name) => this.removeFilesArtifactVolume(name)));
    return names;
  }

  // ------------------------------------------------------------------ modules

  async createModule(enclave: Enclave, config: CreateModuleConfig): Promise<ModuleContainer> {
    const spec = moduleContainerSpec(enclave, config, `${dockerNameStartingWith(enclave.id)}--module--${config.guid}`);
    const containerId = await this.createAndStart(spec, `Starting module '${config.moduleId}' from image ${quoteValue(config.image)}`);
    const module = (await this.getModules(enclave.id)).find((m) => m.containerId === containerId);
    if (!module) throw new BackendError('failed', `Module '${config.moduleId}' vanished right after it started`);
    return module;
  }

  async getModules(enclaveId: string): Promise<ModuleContainer[]> {
    const infos = await this.listContainers({ ...enclaveLabels(enclaveId), [LABEL_KEYS.containerType]: 'module' }, 'listing modules');
    return infos.map((info) => {
      const status = containerStatus(info.State);
      const port = decodePorts(info.Labels[LABEL_KEYS.ports])[MODULE_PORT_ID];
      return {
        containerId: info.Id,
        enclaveId,
        moduleId: info.Labels[LABEL_KEYS.id],
        guid: info.Labels[LABEL_KEYS.guid],
        image: info.Image,
        status,
        privateIp: info.Labels[LABEL_KEYS.privateIp],
        privatePort: port?.number ?? 0,
        publicPort: status === 'running' && port ? loopbackHostPorts(info).get(dockerPortKey(port)) : undefined,
      };
    });
  }

  async destroyModule(containerId: string, stopTimeoutSeconds = 10): Promise<void> {
    if (stopTimeoutSeconds > 0) {
      await withDockerContext(`Stopping module container ${containerId.slice(0, 12)}`, async () => {
        try {
          await this.stopContainer(containerId, stopTimeoutSeconds);
        } catch (err) {
          // 404: it is gone already; removal below is all that is left, and it copes.
          if (!isDockerStatus(err, 404)) throw err;
        }
      });
    }
    await this.removeContainerIfPresent(containerId, `Removing module container ${containerId.slice(0, 12)}`);
  }

  // ------------------------------------------------------------------ any container

  async waitForExit(containerId: string, signal?: AbortSignal): Promise<number> {
    // "next-exit" would miss a container that exited before this call; "not-running" answers at once then.
    const result = await this.docker
      .getContainer(containerId)
      .wait({ condition: 'not-running', ...(signal ? { abortSignal: signal } : {}) })
      .catch((err: unknown) => {
        if (signal?.aborted) throw Object.assign(new Error('The wait was aborted'), { name: 'AbortError' });
        throw toBackendError(err, `Waiting for container ${containerId.slice(0, 12)} to exit`);
      });
    return (result as { StatusCode: number }).StatusCode;
  }

  async getContainerState(containerId: string): Promise<ContainerState> {
    const { State } = await withDockerContext(`Inspecting container ${containerId.slice(0, 12)}`, () => this.docker.getContainer(containerId).inspect());
    return {
      status: containerStatus(State.Status),
      exitCode: State.ExitCode,
      neverStarted: State.Status === 'created',
      startedAtMs: dockerTimeMs(State.StartedAt),
      finishedAtMs: dockerTimeMs(State.FinishedAt),
    };
  }

  async startContainer(containerId: string): Promise<void> {
    await withDockerContext(`Starting container ${containerId.slice(0, 12)}`, async () => {
      try {
        await this.docker.getContainer(containerId).start();
      } catch (err) {
        // 304: it runs already, which is what was asked.
        if (!isDockerStatus(err, 304)) throw err;
      }
    });
  }

  async removeContainer(containerId: string): Promise<void> {
    await this.removeContainerIfPresent(containerId, `Removing container ${containerId.slice(0, 12)}`);
  }

  async inspectContainerAttachment(enclave: Enclave, nameOrId: string): Promise<ContainerAttachment | undefined> {
    let inspected: Docker.ContainerInspectInfo;
    try {
      inspected = await this.docker.getContainer(nameOrId).inspect();
    } catch (err) {
      if (isDockerStatus(err, 404)) return undefined;
      throw toBackendError(err, `Inspecting container ${JSON.stringify(nameOrId.slice(0, 200))}`);
    }
    // Keyed by network name; the ID is compared as well, in case a network of that name was replaced.
    const endpoint = Object.entries(inspected.NetworkSettings?.Networks ?? {}).find(
      ([name, e]) => name === enclave.networkName && (!e.NetworkID || e.NetworkID === enclave.networkId),
    )?.[1];
    return {
      containerId: inspected.Id,
      name: inspected.Name.replace(/^\//, ''),
      labels: inspected.Config?.Labels ?? {},
      enclaveIp: endpoint?.IPAddress || undefined,
    };
  }

  async watchContainers(enclaveId: string | undefined, onEvent: (event: ContainerEvent) => void): Promise<ContainerWatch> {
    const labels = enclaveId === undefined ? { [LABEL_KEYS.appId]: APP_ID } : enclaveLabels(enclaveId);
    const stream = (await withDockerContext('Following Docker events', () =>
      this.docker.getEvents({ filters: { type: ['container'], ...labelFilter(labels) } }),
    )) as NodeJS.ReadableStream & { destroy(): void };
    let buffered = '';
    stream.on('data', (chunk: Buffer) => {
      // One JSON object per event, newline-separated; a chunk may hold several or half of one.
      buffered += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        const event = line ? toContainerEvent(line) : undefined;
        if (event) onEvent(event);
      }
    });
    const ended = new Promise<void>((resolve) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', () => resolve());
    });
    return { stop: () => stream.destroy(), ended };
  }

  async exec(containerId: string, argv: string[], stdin?: string): Promise<ExecResult> {
    return withDockerContext(`Running ${quoteValue(argv.join(' '))} in container ${containerId.slice(0, 12)}`, async () => {
      const withStdin = stdin !== undefined;
      const exec = await this.docker
        .getContainer(containerId)
        .exec({ Cmd: argv, AttachStdin: withStdin, AttachStdout: true, AttachStderr: true, Tty: false });
      const stream = await exec.start({ hijack: true, stdin: withStdin });
      const decoder = new FrameDecoder();
      const chunks: string[] = [];
      const finished = new Promise<void>((resolve, reject) => {
        stream.on('data', (chunk: Buffer) => chunks.push(decoder.push(chunk)));
        stream.on('end', () => resolve());
        stream.on('close', () => resolve());
        stream.on('error', reject);
      });
      // Half-closing the hijacked connection is how the command sees the end of its input.
      if (withStdin) stream.end(stdin);
      await finished;
      const { ExitCode } = await exec.inspect();
      return { exitCode: ExitCode ?? -1, output: chunks.join('') };
    });
  }

  async waitForOutput(containerId: string, marker: string, timeoutMs: number, sinceMs?: number): Promise<void> {
    // Docker takes `since` as "<seconds>.<nanoseconds>".
    const since = sinceMs === undefined ? undefined : (sinceMs / 1000).toFixed(3);
    const stream = (await withDockerContext(`Following the output of container ${containerId.slice(0, 12)}`, () =>
      this.docker.getContainer(containerId).logs({ follow: true, stdout: true, stderr: true, ...(since ? { since } : {}) } as { follow: true }),
    )) as NodeJS.ReadableStream & { destroy(): void };
    const decoder = new FrameDecoder();
    const tail = new LineTail(20);
    let window = '';
    await new Promise<void>((resolve, reject) => {
      const finish = (err?: Error) => {
        clearTimeout(timer);
        stream.removeAllListeners('data');
        stream.destroy();
        if (err) reject(err);
        else resolve();
      };
      const timer = setTimeout(
        () => finish(new BackendError('failed', `Container ${containerId.slice(0, 12)} did not become ready within ${timeoutMs} ms; its last output:\n${tail}`)),
        timeoutMs,
      );
      stream.on('data', (chunk: Buffer) => {
        const text = decoder.push(chunk);
        tail.push(text);
        window += text;
        if (window.includes(marker)) finish();
        else window = window.slice(-marker.length);
      });
      stream.on('end', () => finish(new BackendError('failed', `Container ${containerId.slice(0, 12)} exited before it became ready; its last output:\n${tail}`)));
      stream.on('error', (err: Error) => finish(toBackendError(err, `Following the output of container ${containerId.slice(0, 12)}`)));
    });
  }

  async followOutput(containerId: string, onText: (text: string) => void): Promise<OutputFollower> {
    const stream = (await withDockerContext(`Following the output of container ${containerId.slice(0, 12)}`, () =>
      this.docker.getContainer(containerId).logs({ follow: true, stdout: true, stderr: true }),
    )) as NodeJS.ReadableStream & { destroy(): void };
    const decoder = new FrameDecoder();
    const done = new Promise<void>((resolve) => {
      stream.on('data', (chunk: Buffer) => onText(decoder.push(chunk)));
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', () => resolve());
    });
    return { stop: () => stream.destroy(), done };
  }

  async execInteractive(
    containerId: string,
    argv: string[],
    io: { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream; tty: boolean },
  ): Promise<number> {
    return withDockerContext(`Running ${quoteValue(argv.join(' '))} in container ${containerId.slice(0, 12)}`, async () => {
      // With a terminal the output is raw; without one (piped input) Docker multiplexes it.
      const exec = await this.docker
        .getContainer(containerId)
        .exec({ Cmd: argv, AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: io.tty });
      const stream = await exec.start({ hijack: true, stdin: true, Tty: io.tty });
      const decoder = new FrameDecoder();
      await new Promise<void>((resolve, reject) => {
        stream.on('data', (chunk: Buffer) => io.stdout.write(io.tty ? chunk : decoder.push(chunk)));
        stream.on('end', () => resolve());
        stream.on('close', () => resolve());
        stream.on('error', reject);
        io.stdin.pipe(stream);
      });
      io.stdin.unpipe(stream);
      return (await exec.inspect()).ExitCode ?? -1;
    });
  }

  async describeContainer(containerId: string): Promise<unknown> {
    return withDockerContext(`Inspecting container ${containerId.slice(0, 12)}`, () => this.docker.getContainer(containerId).inspect());
  }

  async getLastLogLines(containerId: string, lines: number): Promise<string> {
    const raw = await withDockerContext(`Reading the output of container ${containerId.slice(0, 12)}`, () =>
      this.docker.getContainer(containerId).logs({ stdout: true, stderr: true, tail: lines, follow: false }),
    );
    return demuxFrames(Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw))).text.trimEnd();
  }

  async openExecSession(containerId: string, argv: string[]): Promise<ExecSession> {
    return withDockerContext(`Starting ${quoteValue(argv.join(' '))} in container ${containerId.slice(0, 12)}`, async () => {
      const exec = await this.docker
        .getContainer(containerId)
        .exec({ Cmd: argv, AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: false });
      const stream = await exec.start({ hijack: true, stdin: true });
      const decoder = new FrameDecoder();
      const listeners: ((text: string) => void)[] = [];
      stream.on('data', (chunk: Buffer) => {
        const text = decoder.push(chunk);
        if (text) for (const listener of listeners) listener(text);
      });
      const ended = new Promise<void>((resolve) => {
        stream.on('end', () => resolve());
        stream.on('close', () => resolve());
        // A broken connection ends the session like an exit does; its users see it as ended.
        stream.on('error', () => resolve());
      });
      return {
        write: (data: string) => void stream.write(data),
        onOutput: (listener: (text: string) => void) => void listeners.push(listener),
        ended,
        close: () => void stream.end(),
      };
    });
  }

  async getEnclaveNetworkIps(enclave: Enclave): Promise<string[]> {
    const network = (await withDockerContext(`Inspecting the network of enclave '${enclave.id}'`, () =>
      this.docker.getNetwork(enclave.networkId).inspect(),
    )) as NetworkInspectInfo;
    // "172.16.3.7/24" → "172.16.3.7"
    return Object.values(network.Containers ?? {})
      .map((c) => c.IPv4Address.split('/')[0])
      .filter((ip) => ip !== '');
  }

  // ------------------------------------------------------------------ images

  async ensureImage(image: string): Promise<void> {
    try {
      await this.docker.getImage(image).inspect();
      return;
    } catch (err) {
      if (classifyDockerError(err) !== 'not-found') throw toBackendError(err, `Looking up image ${quoteValue(image)}`);
    }
    try {
      const stream = await this.docker.pull(image);
      await new Promise<void>((resolve, reject) =>
        // followProgress does not reject on a failed pull: the error arrives as an event.
        this.docker.modem.followProgress(
          stream,
          (err: Error | null) => (err ? reject(err) : resolve()),
          (event: { error?: string; errorDetail?: { message?: string } }) => {
            if (event.error) reject(new Error(event.errorDetail?.message ?? event.error));
          },
        ),
      );
    } catch (err) {
      const kind = classifyDockerError(err) === 'unavailable' ? 'unavailable' : 'not-found';
      throw new BackendError(kind, `Image ${quoteValue(image)} is not present locally and could not be pulled: ${dockerMessage(err)}`, { cause: err });
    }
  }

  // ------------------------------------------------------------------ helpers

  private async listContainers(labels: Record<string, string>, doing: string): Promise<ContainerInfo[]> {
    return withDockerContext(`Docker: ${doing}`, () => this.docker.listContainers({ all: true, filters: labelFilter(labels) }));
  }

  /** Creates and starts a container; if starting fails, the created container is removed again. */
  private async createAndStart(spec: Docker.ContainerCreateOptions, doing: string): Promise<string> {
    const container = await withDockerContext(doing, () => this.docker.createContainer(spec));
    try {
      await container.start();
    } catch (err) {
      await container.remove({ force: true }).catch(() => undefined);
      throw toBackendError(err, doing);
    }
    return container.id;
  }

  private async removeContainerIfPresent(containerId: string, doing: string): Promise<void> {
    await withDockerContext(doing, async () => {
      try {
        await this.docker.getContainer(containerId).remove({ force: true, v: true });
      } catch (err) {
        if (!isDockerStatus(err, 404)) throw err;
      }
    });
  }

  private async takenSubnets(): Promise<string[]> {
    const networks = await withDockerContext('Listing networks', () => this.docker.listNetworks());
    return networks.flatMap((n) => (n.IPAM?.Config ?? []).map((c) => c.Subnet).filter((s): s is string => !!s && s.includes('.')));
  }

  private toEnclave(network: NetworkInspectInfo, mountpoints: Map<string, string>): Enclave | undefined {
    const enclaveId = network.Labels?.[LABEL_KEYS.enclaveId];
    const config = network.IPAM?.Config?.[0];
    if (!enclaveId || !config?.Subnet) return undefined;
    const volume = dataVolumeName(enclaveId);
    return {
      id: enclaveId,
      networkId: network.Id,
      networkName: network.Name,
      subnet: config.Subnet,
      gatewayIp: config.Gateway ?? new FreeIpTracker(config.Subnet).gatewayIp,
      isPartitioningEnabled: network.Labels?.[LABEL_KEYS.partitioningEnabled] === 'true',
      dataVolumeName: volume,
      stateVolumeName: stateVolumeName(enclaveId),
      dataDirpathOnHost: mountpoints.get(volume) ?? '',
      creatorEngineId: network.Labels?.[LABEL_KEYS.creatorEngineId] ?? '',
      sessionId: network.Labels?.[LABEL_KEYS.sessionId] ?? '',
    };
  }
}
