// Docker create options for each kind of container we run. Pure: unit-tested without Docker.
// Mounts are structured (HostConfig.Mounts), never "source:target:options" strings, so no path a
// caller chose can smuggle in Docker's option syntax; targets are checked again here all the same.
import { invalid } from '@kurtosis-ts/domain';
import type { PortSpec } from '@kurtosis-ts/domain';
import type { CreateEngineConfig } from '../backend/configs';
import type { ContainerCreateOptions, MountSettings } from './client/docker-types';
import { containerLabels, encodePorts, LABEL_KEYS } from './labels';

/** Where an enclave's things live on Docker. */
export interface DockerEnclave {
  id: string;
  networkName: string;
  dataVolumeName: string;
  stateVolumeName: string;
}

export interface ApiContainerSpecInput {
  image: string;
  /** Its own address in the enclave subnet. */
  ip: string;
  port: number;
  env: Record<string, string>;
  dataDirMountpoint: string;
  stateDirMountpoint: string;
}

export interface UserServiceSpecInput {
  serviceId: string;
  guid: string;
  image: string;
  ip: string;
  ports: Record<string, PortSpec>;
  /** Used only when non-empty. */
  entrypoint: string[];
  /** Used only when non-empty. */
  cmd: string[];
  env: Record<string, string>;
  /** Mount the enclave data volume here ("" = not mounted). */
  dataDirMountpoint: string;
  /** The networking sidecar whose network namespace the service joins (it holds the IP, alias and published ports). */
  networkOwnerContainerId?: string;
  /** Further volumes to mount: volume name → path in the container (expanded files artifacts). */
  volumeMounts?: Record<string, string>;
}

export interface NetworkingSidecarSpecInput {
  serviceId: string;
  guid: string;
  image: string;
  ip: string;
  ports: Record<string, PortSpec>;
}

export interface ExpanderSpecInput {
  serviceGuid: string;
  artifactId: string;
  /** The .tgz, relative to the enclave's state volume. */
  archiveRelativePath: string;
  /** An image that has `tar`. */
  image: string;
}

export interface ModuleSpecInput {
  moduleId: string;
  guid: string;
  image: string;
  ip: string;
  port: number;
  env: Record<string, string>;
  dataDirMountpoint: string;
}

export const DOCKER_SOCKET = '/var/run/docker.sock';
export const ENGINE_CONTAINER_PORT = 9710;
export const LOOPBACK = '127.0.0.1';

export function dockerPortKey(port: PortSpec): string {
  return `${port.number}/${port.protocol}`;
}

/** Exposes each port and publishes it on the host's loopback only, on a port Docker picks. */
function loopbackPublishing(ports: PortSpec[], hostPort = ''): Pick<ContainerCreateOptions, 'ExposedPorts'> & {
  PortBindings: Record<string, { HostIp: string; HostPort: string }[]>;
} {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const port of ports) {
    exposed[dockerPortKey(port)] = {};
    bindings[dockerPortKey(port)] = [{ HostIp: LOOPBACK, HostPort: hostPort }];
  }
  return { ExposedPorts: exposed, PortBindings: bindings };
}

/**
 * Why `target` cannot be a mount target, or undefined when it can: absolute, normalised (no `.`,
 * `..`, `//` or trailing `/`), not `/`, and free of `:`, `,`, NUL and newlines.
 */
export function explainInvalidMountTarget(target: string): string | undefined {
  if (!target.startsWith('/')) return 'it must be an absolute path';
  if (target === '/') return 'it must not be the root directory';
  if (/[:,\0\n\r]/.test(target)) return "it must not contain ':', ',', NUL or a line break (Docker mount option syntax)";
  const parts = target.slice(1).split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return "it must be normalised (no empty, '.' or '..' parts, no trailing '/')";
  return undefined;
}

function volumeMount(volumeName: string, target: string, readOnly = false): MountSettings {
  const problem = explainInvalidMountTarget(target);
  if (problem) throw invalid(`Mount target ${JSON.stringify(target.slice(0, 200))} is invalid: ${problem}`);
  return { Type: 'volume', Source: volumeName, Target: target, ReadOnly: readOnly };
}

/** The Docker socket, for the containers that drive Docker themselves (engine, API container). */
const DOCKER_SOCKET_MOUNT: MountSettings = { Type: 'bind', Source: DOCKER_SOCKET, Target: DOCKER_SOCKET };

/**
 * Our servers come back by themselves after a crash or a restart of the Docker daemon, but not
 * after a deliberate stop. (`docker kill` counts as deliberate for Docker; the engine's
 * supervisor brings an API container back from that too.)
 */
const SERVER_RESTART_POLICY = { Name: 'unless-stopped' };

function envList(env: Record<string, string>): string[] {
  return Object.entries(env).map(([k, v]) => `${k}=${v}`);
}

function enclaveEndpoint(enclave: DockerEnclave, ip: string, aliases: string[] = []) {
  return {
    EndpointsConfig: {
      [enclave.networkName]: { IPAMConfig: { IPv4Address: ip }, Aliases: aliases },
    },
  };
}

export function engineContainerSpec(config: CreateEngineConfig, name: string): ContainerCreateOptions {
  const { ExposedPorts, PortBindings } = loopbackPublishing(
    [{ number: ENGINE_CONTAINER_PORT, protocol: 'tcp' }],
    config.hostPort === 0 ? '' : String(config.hostPort),
  );
  return {
    name,
    Image: config.image,
    Env: envList(config.env ?? {}),
    Labels: containerLabels(undefined, 'kurtosis-engine', { [LABEL_KEYS.id]: config.version }),
    ExposedPorts,
    HostConfig: { Mounts: [DOCKER_SOCKET_MOUNT], PortBindings, RestartPolicy: SERVER_RESTART_POLICY },
  };
}

export function apiContainerSpec(enclave: DockerEnclave, config: ApiContainerSpecInput, name: string): ContainerCreateOptions {
  const { ExposedPorts, PortBindings } = loopbackPublishing([{ number: config.port, protocol: 'tcp' }]);
  return {
    name,
    Image: config.image,
    Env: envList(config.env),
    Labels: containerLabels(enclave.id, 'api-container', {
      [LABEL_KEYS.privateIp]: config.ip,
      [LABEL_KEYS.ports]: encodePorts({ api: { number: config.port, protocol: 'tcp' } }),
    }),
    ExposedPorts,
    HostConfig: {
      Mounts: [
        DOCKER_SOCKET_MOUNT,
        volumeMount(enclave.dataVolumeName, config.dataDirMountpoint),
        volumeMount(enclave.stateVolumeName, config.stateDirMountpoint),
      ],
      PortBindings,
      NetworkMode: enclave.networkName,
      RestartPolicy: SERVER_RESTART_POLICY,
    },
    NetworkingConfig: enclaveEndpoint(enclave, config.ip),
  };
}

/** What a service and a module container have in common: a service's config, named by `id`. */
type EnclaveContainerParts = Omit<UserServiceSpecInput, 'serviceId' | 'networkOwnerContainerId' | 'volumeMounts'> & {
  containerType: 'user-service' | 'module';
  id: string;
};

/** A container of the enclave network with its own static IP, alias (= its ID) and loopback ports. */
function enclaveContainerSpec(enclave: DockerEnclave, parts: EnclaveContainerParts, name: string): ContainerCreateOptions {
  const { ExposedPorts, PortBindings } = loopbackPublishing(Object.values(parts.ports));
  return {
    name,
    Image: parts.image,
    // Overrides only when given, so the image's own ENTRYPOINT and CMD apply otherwise.
    ...(parts.entrypoint.length > 0 ? { Entrypoint: parts.entrypoint } : {}),
    ...(parts.cmd.length > 0 ? { Cmd: parts.cmd } : {}),
    Env: envList(parts.env),
    Labels: containerLabels(enclave.id, parts.containerType, {
      [LABEL_KEYS.id]: parts.id,
      [LABEL_KEYS.guid]: parts.guid,
      [LABEL_KEYS.privateIp]: parts.ip,
      [LABEL_KEYS.ports]: encodePorts(parts.ports),
      [LABEL_KEYS.dataDirMountpoint]: parts.dataDirMountpoint,
    }),
    ExposedPorts,
    HostConfig: {
      PortBindings,
      NetworkMode: enclave.networkName,
      Mounts: parts.dataDirMountpoint ? [volumeMount(enclave.dataVolumeName, parts.dataDirMountpoint)] : [],
    },
    NetworkingConfig: enclaveEndpoint(enclave, parts.ip, [parts.id]),
  };
}

export function userServiceContainerSpec(enclave: DockerEnclave, config: UserServiceSpecInput, name: string): ContainerCreateOptions {
  const base = enclaveContainerSpec(enclave, { ...config, containerType: 'user-service', id: config.serviceId }, name);
  const volumeMounts = Object.entries(config.volumeMounts ?? {}).map(([volume, mountpoint]) => volumeMount(volume, mountpoint));
  const spec = { ...base, HostConfig: { ...base.HostConfig, Mounts: [...(base.HostConfig?.Mounts ?? []), ...volumeMounts] } };
  if (!config.networkOwnerContainerId) return spec;
  // Joining the sidecar's namespace: IP, alias and published ports are the sidecar's already, and
  // Docker refuses them on a container that does not own its network.
  const { ExposedPorts: _exposed, NetworkingConfig: _networking, ...rest } = spec;
  const { PortBindings: _bindings, ...hostConfig } = spec.HostConfig ?? {};
  return { ...rest, HostConfig: { ...hostConfig, NetworkMode: `container:${config.networkOwnerContainerId}` } };
}

export const EXPANDER_ARCHIVE_DIR = '/kurtosis-api-container-state';
export const EXPANDER_TARGET_DIR = '/files-artifact';

/** A one-shot container that unpacks an archive of the state volume (read-only) into the target volume. */
export function filesArtifactExpanderSpec(enclave: DockerEnclave, config: ExpanderSpecInput, volumeName: string, name: string): ContainerCreateOptions {
  return {
    name,
    Image: config.image,
    Entrypoint: ['tar'],
    Cmd: ['-xzf', `${EXPANDER_ARCHIVE_DIR}/${config.archiveRelativePath}`, '-C', EXPANDER_TARGET_DIR],
    Labels: containerLabels(enclave.id, 'files-artifact-expander', { [LABEL_KEYS.id]: config.artifactId, [LABEL_KEYS.guid]: config.serviceGuid }),
    HostConfig: {
      Mounts: [volumeMount(enclave.stateVolumeName, EXPANDER_ARCHIVE_DIR, true), volumeMount(volumeName, EXPANDER_TARGET_DIR)],
      NetworkMode: 'none',
    },
  };
}

export function networkingSidecarContainerSpec(enclave: DockerEnclave, config: NetworkingSidecarSpecInput, name: string): ContainerCreateOptions {
  const { ExposedPorts, PortBindings } = loopbackPublishing(Object.values(config.ports));
  return {
    name,
    Image: config.image,
    Labels: containerLabels(enclave.id, 'networking-sidecar', {
      [LABEL_KEYS.id]: config.serviceId,
      [LABEL_KEYS.guid]: config.guid,
      [LABEL_KEYS.privateIp]: config.ip,
      [LABEL_KEYS.ports]: encodePorts(config.ports),
    }),
    ExposedPorts,
    HostConfig: { PortBindings, NetworkMode: enclave.networkName, CapAdd: ['NET_ADMIN'] },
    NetworkingConfig: enclaveEndpoint(enclave, config.ip, [config.serviceId]),
  };
}

export const MODULE_PORT_ID = 'grpc';

export function moduleContainerSpec(enclave: DockerEnclave, config: ModuleSpecInput, name: string): ContainerCreateOptions {
  return enclaveContainerSpec(
    enclave,
    {
      containerType: 'module',
      id: config.moduleId,
      guid: config.guid,
      image: config.image,
      ip: config.ip,
      ports: { [MODULE_PORT_ID]: { number: config.port, protocol: 'tcp' } },
      entrypoint: [],
      cmd: [],
      env: config.env,
      dataDirMountpoint: config.dataDirMountpoint,
    },
    name,
  );
}
