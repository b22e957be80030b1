// A started service's configuration as our ServiceConfigService reports and takes it: what
// StartService was given, in plain JSON-friendly fields, so a caller can read it, change a field
// and hand it back to replaceService. Pure.
import { apiContainerApi, serviceConfigApi } from '@kurtosis-ts/protos';
import { invalidArgument } from './kurtosis-error';
import { PortProtocol, PortSpec } from './port-spec';

export interface ServiceConfiguration {
  image: string;
  /** port ID → port */
  ports: Record<string, PortSpec>;
  /** Empty = the image's own ENTRYPOINT. */
  entrypoint: string[];
  /** Empty = the image's own CMD. */
  cmd: string[];
  /** Only what StartService was given, never the image's own variables. */
  env: Record<string, string>;
  /** Where the enclave data directory is mounted; "" when it is not. */
  dataDirMountpoint: string;
  /** files artifact ID → where it is unpacked */
  filesArtifactMountpoints: Record<string, string>;
}

export interface ServiceConfigurationInfo {
  config: ServiceConfiguration;
  /** "default" in unpartitioned enclaves. */
  partitionId: string;
  privateIp: string;
}

export interface ReplacedService {
  /** The same as before the replacement. */
  privateIp: string;
  publicIp: string;
  /** port ID → where the host reaches it (the host ports may have changed). */
  publicPorts: Map<string, PortSpec>;
}

// Our PortProtocol numbers protocols as api_container_api's Port.Protocol does.
const toApiPort = (p: serviceConfigApi.Port): apiContainerApi.Port => ({ number: p.number, protocol: p.protocol as number as apiContainerApi.Port_Protocol });
const fromApiPort = (p: apiContainerApi.Port): serviceConfigApi.Port => ({ number: p.number, protocol: p.protocol as number as serviceConfigApi.PortProtocol });

function portToWire(portId: string, port: PortSpec): apiContainerApi.Port {
  if (!Object.values(PortProtocol).includes(port.protocol)) {
    throw invalidArgument(`Port '${portId}' has protocol '${String(port.protocol).slice(0, 20)}'; use TCP, SCTP or UDP`);
  }
  return new PortSpec(port.number, port.protocol).toWire();
}

export function serviceConfigurationFromWire(wire: serviceConfigApi.ServiceConfig | undefined): ServiceConfiguration {
  const config = wire ?? serviceConfigApi.ServiceConfig.fromPartial({});
  return {
    image: config.dockerImage,
    ports: Object.fromEntries(Object.entries(config.privatePorts).map(([id, p]) => [id, PortSpec.fromWire(toApiPort(p))])),
    entrypoint: [...config.entrypointArgs],
    cmd: [...config.cmdArgs],
    env: { ...config.dockerEnvVars },
    dataDirMountpoint: config.enclaveDataDirMntDirpath,
    filesArtifactMountpoints: { ...config.filesArtifactMountDirpaths },
  };
}

/** Ports may be PortSpecs or plain `{ number, protocol }` objects (a configuration read from JSON). */
export function serviceConfigurationToWire(config: ServiceConfiguration): serviceConfigApi.ServiceConfig {
  return {
    dockerImage: config.image,
    privatePorts: Object.fromEntries(Object.entries(config.ports).map(([id, p]) => [id, fromApiPort(portToWire(id, p))])),
    entrypointArgs: config.entrypoint,
    cmdArgs: config.cmd,
    dockerEnvVars: config.env,
    enclaveDataDirMntDirpath: config.dataDirMountpoint,
    filesArtifactMountDirpaths: config.filesArtifactMountpoints,
  };
}

export function replacedServiceFromWire(wire: serviceConfigApi.ReplaceServiceResponse): ReplacedService {
  return {
    privateIp: wire.privateIpAddr,
    publicIp: wire.publicIpAddr,
    publicPorts: new Map(Object.entries(wire.publicPorts).map(([id, p]) => [id, PortSpec.fromWire(toApiPort(p))])),
  };
}
