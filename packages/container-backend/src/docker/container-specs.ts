// Docker create options for each kind of container we run. Pure: unit-tested without Docker.
import type { ContainerCreateOptions } from 'dockerode';
import { containerLabels, encodePorts, LABEL_KEYS } from '../labels';
import type { PortSpec } from '../labels';
import type { CreateApiContainerConfig, CreateEngineConfig, CreateUserServiceConfig, Enclave } from '../kurtosis-backend';

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

function envList(env: Record<string, string>): string[] {
  return Object.entries(env).map(([k, v]) => `${k}=${v}`);
}

function enclaveEndpoint(enclave: Enclave, ip: string, aliases: string[] = []) {
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
    HostConfig: { Binds: [`${DOCKER_SOCKET}:${DOCKER_SOCKET}`], PortBindings },
  };
}

export function apiContainerSpec(enclave: Enclave, config: CreateApiContainerConfig, name: string): ContainerCreateOptions {
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
      Binds: [`${DOCKER_SOCKET}:${DOCKER_SOCKET}`, `${enclave.dataVolumeName}:${config.dataDirMountpoint}`],
      PortBindings,
      NetworkMode: enclave.networkName,
    },
    NetworkingConfig: enclaveEndpoint(enclave, config.ip),
  };
}

export function userServiceContainerSpec(enclave: Enclave, config: CreateUserServiceConfig, name: string): ContainerCreateOptions {
  const { ExposedPorts, PortBindings } = loopbackPublishing(Object.values(config.ports));
  return {
    name,
    Image: config.image,
    // Overrides only when given, so the image's own ENTRYPOINT and CMD apply otherwise.
    ...(config.entrypoint.length > 0 ? { Entrypoint: config.entrypoint } : {}),
    ...(config.cmd.length > 0 ? { Cmd: config.cmd } : {}),
    Env: envList(config.env),
    Labels: containerLabels(enclave.id, 'user-service', {
      [LABEL_KEYS.id]: config.serviceId,
      [LABEL_KEYS.guid]: config.guid,
      [LABEL_KEYS.privateIp]: config.ip,
      [LABEL_KEYS.ports]: encodePorts(config.ports),
      [LABEL_KEYS.dataDirMountpoint]: config.dataDirMountpoint,
    }),
    ExposedPorts,
    HostConfig: {
      PortBindings,
      NetworkMode: enclave.networkName,
      Binds: config.dataDirMountpoint ? [`${enclave.dataVolumeName}:${config.dataDirMountpoint}`] : [],
    },
    NetworkingConfig: enclaveEndpoint(enclave, config.ip, [config.serviceId]),
  };
}
