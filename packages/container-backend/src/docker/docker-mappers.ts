// Docker's descriptions of containers, networks and events as the backend's objects: identity and
// status, published ports as public addresses. Pure: unit-tested on Docker's shapes without Docker.
import { FreeIpTracker, trustedId } from '@kurtosis-ts/domain';
import type { ArtifactId, EnclaveId, EngineGuid, ModuleGuid, ModuleId, PortSpec, ServiceGuid, ServiceId } from '@kurtosis-ts/domain';
import type {
  ApiContainer,
  Enclave,
  EnclaveModule,
  EnclaveObject,
  EnclaveObjectRef,
  Engine,
  ExternalContainer,
  NetworkingSidecar,
  ObjectRef,
  RuntimeEvent,
  RuntimeState,
  RuntimeStatus,
  UserService,
} from '../backend/objects';
import type { ContainerInfo, ContainerInspectInfo, NetworkInspectInfo } from './client/docker-types';
import { dockerPortKey, ENGINE_CONTAINER_PORT, LOOPBACK, MODULE_PORT_ID } from './container-specs';
import { dataVolumeName } from './docker-names';
import { decodePorts, isKurtosisLabelled, LABEL_KEYS, objectKindOf } from './labels';
import type { Labels } from './labels';

/** Where the Docker backend publishes ports: the host's loopback only. */
export const PUBLIC_HOST = LOOPBACK;

export function runtimeStatus(state: string): RuntimeStatus {
  if (state === 'running' || state === 'restarting') return 'running';
  if (state === 'paused') return 'paused';
  return 'stopped';
}

/** Docker's times ("2026-12-01T07:40:00.123456789Z", or year 1 for "never") as Unix ms; 0 for never. */
export function dockerTimeMs(time: string | undefined): number {
  const ms = time ? Date.parse(time) : NaN;
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

/** Host ports on the loopback of a listed container, by "<number>/<protocol>". */
export function loopbackHostPorts(info: ContainerInfo): Map<string, number> {
  const ports = new Map<string, number>();
  for (const p of info.Ports ?? []) {
    if (p.PublicPort && (p.IP === LOOPBACK || p.IP === undefined)) ports.set(`${p.PrivatePort}/${p.Type}`, p.PublicPort);
  }
  return ports;
}

export function containerName(info: ContainerInfo): string {
  return (info.Names?.[0] ?? '').replace(/^\//, '');
}

/** An engine's guid: the first 12 characters of its container ID, which is the hostname the engine sees. */
export function engineGuidOf(containerId: string): EngineGuid {
  return trustedId<EngineGuid>(containerId.slice(0, 12));
}

/** Which object a container is, from its labels (and its ID, for an engine); undefined when it is none of ours. */
export function refOf(labels: Labels, containerId: string): ObjectRef | undefined {
  const kind = objectKindOf(labels[LABEL_KEYS.containerType]);
  if (kind === 'engine') return { kind, guid: engineGuidOf(containerId) };
  const enclaveId = labels[LABEL_KEYS.enclaveId];
  if (!kind || !enclaveId) return undefined;
  const id = trustedId<EnclaveId>(enclaveId);
  const guid = labels[LABEL_KEYS.guid] ?? '';
  switch (kind) {
    case 'api-container':
      return { kind, enclaveId: id };
    case 'user-service':
    case 'networking-sidecar':
      return { kind, enclaveId: id, guid: trustedId<ServiceGuid>(guid) };
    case 'module':
      return { kind, enclaveId: id, guid: trustedId<ModuleGuid>(guid) };
    case 'files-artifact-expander':
      return { kind, enclaveId: id, guid: trustedId<ServiceGuid>(guid), artifactId: trustedId<ArtifactId>(labels[LABEL_KEYS.id] ?? '') };
  }
}

export function toEngine(info: ContainerInfo): Engine {
  const status = runtimeStatus(info.State);
  const port = status === 'running' ? loopbackHostPorts(info).get(`${ENGINE_CONTAINER_PORT}/tcp`) : undefined;
  return {
    guid: engineGuidOf(info.Id),
    status,
    version: info.Labels[LABEL_KEYS.id] ?? '',
    ...(port ? { publicAddress: { host: PUBLIC_HOST, port } } : {}),
  };
}

/** An enclave from its network (and the mountpoints of volumes, for where its data lives on the host). */
export function toEnclave(network: NetworkInspectInfo, mountpoints: ReadonlyMap<string, string>): Enclave | undefined {
  const enclaveId = network.Labels?.[LABEL_KEYS.enclaveId];
  const config = network.IPAM?.Config?.[0];
  if (!enclaveId || !config?.Subnet) return undefined;
  return {
    id: trustedId<EnclaveId>(enclaveId),
    isPartitioningEnabled: network.Labels?.[LABEL_KEYS.partitioningEnabled] === 'true',
    subnet: config.Subnet,
    creatorEngineGuid: network.Labels?.[LABEL_KEYS.creatorEngineId] ?? '',
    sessionId: network.Labels?.[LABEL_KEYS.sessionId] ?? '',
    platform: { networkId: network.Id, dataDirpathOnHost: mountpoints.get(dataVolumeName(enclaveId)) ?? '' },
  };
}

/** The gateway of an enclave's network: where host clients' connections (through published ports) come from. */
export function gatewayOf(network: NetworkInspectInfo): string | undefined {
  const config = network.IPAM?.Config?.[0];
  if (!config?.Subnet) return undefined;
  return config.Gateway ?? new FreeIpTracker(config.Subnet).gatewayIp;
}

export function toApiContainer(info: ContainerInfo): ApiContainer {
  const status = runtimeStatus(info.State);
  const privatePort = Object.values(decodePorts(info.Labels[LABEL_KEYS.ports]))[0]?.number ?? 0;
  const port = status === 'running' ? loopbackHostPorts(info).get(`${privatePort}/tcp`) : undefined;
  return {
    enclaveId: trustedId<EnclaveId>(info.Labels[LABEL_KEYS.enclaveId]),
    status,
    privateIp: info.Labels[LABEL_KEYS.privateIp] ?? '',
    privatePort,
    ...(port ? { publicAddress: { host: PUBLIC_HOST, port } } : {}),
    platformId: info.Id,
  };
}

/** A service container as a UserService; `networkOwner` is the container holding its ports (itself, or its sidecar). */
export function toUserService(info: ContainerInfo, networkOwner: ContainerInfo): UserService {
  const privatePorts = decodePorts(info.Labels[LABEL_KEYS.ports]);
  const hostPorts = loopbackHostPorts(networkOwner);
  const publicPorts: Record<string, PortSpec> = {};
  for (const [portId, port] of Object.entries(privatePorts)) {
    const hostPort = hostPorts.get(dockerPortKey(port));
    if (hostPort) publicPorts[portId] = { number: hostPort, protocol: port.protocol };
  }
  return {
    enclaveId: trustedId<EnclaveId>(info.Labels[LABEL_KEYS.enclaveId]),
    serviceId: trustedId<ServiceId>(info.Labels[LABEL_KEYS.id]),
    guid: trustedId<ServiceGuid>(info.Labels[LABEL_KEYS.guid]),
    privateIp: info.Labels[LABEL_KEYS.privateIp],
    status: runtimeStatus(info.State),
    privatePorts,
    publicHost: PUBLIC_HOST,
    publicPorts,
    dataDirMountpoint: info.Labels[LABEL_KEYS.dataDirMountpoint] ?? '',
  };
}

/**
 * The services in the enclave, each with the container that holds its ports: a service is in the
 * enclave while it is attached to the network itself or through its sidecar (removal detaches it,
 * or removes the sidecar).
 */
export function servicesInEnclave(enclaveNetworkName: string, services: readonly ContainerInfo[], sidecars: readonly ContainerInfo[]): UserService[] {
  const sidecarOf = new Map(sidecars.map((s) => [s.Labels[LABEL_KEYS.guid], s]));
  return services.flatMap((info) => {
    const owner = info.NetworkSettings?.Networks?.[enclaveNetworkName] !== undefined ? info : sidecarOf.get(info.Labels[LABEL_KEYS.guid]);
    return owner ? [toUserService(info, owner)] : [];
  });
}

export function toModule(info: ContainerInfo): EnclaveModule {
  const status = runtimeStatus(info.State);
  const port = decodePorts(info.Labels[LABEL_KEYS.ports])[MODULE_PORT_ID];
  const publicPort = status === 'running' && port ? loopbackHostPorts(info).get(dockerPortKey(port)) : undefined;
  return {
    enclaveId: trustedId<EnclaveId>(info.Labels[LABEL_KEYS.enclaveId]),
    moduleId: trustedId<ModuleId>(info.Labels[LABEL_KEYS.id]),
    guid: trustedId<ModuleGuid>(info.Labels[LABEL_KEYS.guid]),
    privateIp: info.Labels[LABEL_KEYS.privateIp],
    image: info.Image,
    status,
    privatePort: port?.number ?? 0,
    publicHost: PUBLIC_HOST,
    ...(publicPort ? { publicPort } : {}),
    platformId: info.Id,
  };
}

export function toNetworkingSidecar(info: ContainerInfo): NetworkingSidecar {
  return {
    enclaveId: trustedId<EnclaveId>(info.Labels[LABEL_KEYS.enclaveId]),
    serviceId: trustedId<ServiceId>(info.Labels[LABEL_KEYS.id]),
    guid: trustedId<ServiceGuid>(info.Labels[LABEL_KEYS.guid]),
    privateIp: info.Labels[LABEL_KEYS.privateIp],
    status: runtimeStatus(info.State),
  };
}

/** Any container of an enclave as an EnclaveObject; undefined for one that is not an enclave's. */
export function toEnclaveObject(info: ContainerInfo): EnclaveObject | undefined {
  const ref = refOf(info.Labels, info.Id);
  if (!ref || ref.kind === 'engine') return undefined;
  return {
    ref: ref as EnclaveObjectRef,
    objectId: info.Labels[LABEL_KEYS.id] ?? '',
    status: runtimeStatus(info.State),
    displayName: containerName(info),
    platformId: info.Id,
  };
}

export function toRuntimeState(state: ContainerInspectInfo['State']): RuntimeState {
  return {
    status: runtimeStatus(state.Status),
    exitCode: state.ExitCode,
    neverStarted: state.Status === 'created',
    startedAtMs: dockerTimeMs(state.StartedAt),
    finishedAtMs: dockerTimeMs(state.FinishedAt),
  };
}

const WATCHED_ACTIONS = new Set<RuntimeEvent['action']>(['create', 'start', 'die', 'stop', 'kill', 'destroy', 'pause', 'unpause']);

/** One line of Docker's event stream as a RuntimeEvent; undefined for what we do not watch. */
export function toRuntimeEvent(line: string): RuntimeEvent | undefined {
  let raw: { Action?: string; id?: string; Actor?: { ID?: string; Attributes?: Record<string, string> }; timeNano?: number; time?: number };
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined;
  }
  const action = raw.Action as RuntimeEvent['action'];
  const containerId = raw.Actor?.ID ?? raw.id;
  if (!WATCHED_ACTIONS.has(action) || !containerId) return undefined;
  const { exitCode, signal, image: _image, name: _name, ...labels } = raw.Actor?.Attributes ?? {};
  const ref = refOf(labels, containerId);
  if (!ref) return undefined;
  return {
    ref,
    action,
    ...(exitCode !== undefined ? { exitCode: Number(exitCode) } : {}),
    ...(signal !== undefined ? { signal } : {}),
    timeMs: raw.timeNano ? Math.floor(raw.timeNano / 1e6) : (raw.time ?? 0) * 1000,
  };
}

/** A container named from outside, with its address on the enclave network (matched by name and, when Docker says, ID). */
export function toExternalContainer(inspected: ContainerInspectInfo, network: { name: string; id?: string }): ExternalContainer {
  const labels = inspected.Config?.Labels ?? {};
  const endpoint = Object.entries(inspected.NetworkSettings?.Networks ?? {}).find(
    ([name, e]) => name === network.name && (!e.NetworkID || !network.id || e.NetworkID === network.id),
  )?.[1];
  return {
    platformId: inspected.Id,
    name: inspected.Name.replace(/^\//, ''),
    isKurtosisObject: isKurtosisLabelled(labels),
    kurtosisKind: labels[LABEL_KEYS.containerType] ?? '',
    ...(endpoint?.IPAddress ? { enclaveIp: endpoint.IPAddress } : {}),
  };
}
