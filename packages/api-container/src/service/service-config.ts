// A started service's configuration as StartService (or ReplaceService) was given it, and its
// conversions to and from our ServiceConfigService's messages. Recorded by the API container, never
// read back from the container: Docker's view of a container's environment also holds the image's
// own variables, and its command the image's defaults. Pure.
import type { PortSpec } from '@kurtosis-ts/domain';
import { apiContainerApi, serviceConfigApi } from '@kurtosis-ts/protos';
import { z } from 'zod';

export interface ServiceConfig {
  image: string;
  ports: Record<string, PortSpec>;
  entrypoint: string[];
  cmd: string[];
  env: Record<string, string>;
  dataDirMountpoint: string;
  filesArtifactMountpoints: Record<string, string>;
}

/** As the state file keeps it. */
export const serviceConfigSchema = z.object({
  image: z.string(),
  ports: z.record(z.string(), z.object({ number: z.number().int(), protocol: z.enum(['tcp', 'sctp', 'udp']) })),
  entrypoint: z.array(z.string()),
  cmd: z.array(z.string()),
  env: z.record(z.string(), z.string()),
  dataDirMountpoint: z.string(),
  filesArtifactMountpoints: z.record(z.string(), z.string()),
});

const WIRE_PROTOCOL: Record<PortSpec['protocol'], serviceConfigApi.PortProtocol> = {
  tcp: serviceConfigApi.PortProtocol.PORT_PROTOCOL_TCP,
  sctp: serviceConfigApi.PortProtocol.PORT_PROTOCOL_SCTP,
  udp: serviceConfigApi.PortProtocol.PORT_PROTOCOL_UDP,
};

// Our PortProtocol numbers the protocols as api_container_api's Port.Protocol does; the mapping is
// spelled out so that neither can drift without a compile error.
const START_SERVICE_PROTOCOL: Record<number, apiContainerApi.Port_Protocol> = {
  [serviceConfigApi.PortProtocol.PORT_PROTOCOL_TCP]: apiContainerApi.Port_Protocol.TCP,
  [serviceConfigApi.PortProtocol.PORT_PROTOCOL_SCTP]: apiContainerApi.Port_Protocol.SCTP,
  [serviceConfigApi.PortProtocol.PORT_PROTOCOL_UDP]: apiContainerApi.Port_Protocol.UDP,
};

export function toWirePorts(ports: Record<string, PortSpec>): Record<string, serviceConfigApi.Port> {
  return Object.fromEntries(Object.entries(ports).map(([id, p]) => [id, { number: p.number, protocol: WIRE_PROTOCOL[p.protocol] }]));
}

export function toWireConfig(config: ServiceConfig): serviceConfigApi.ServiceConfig {
  return {
    dockerImage: config.image,
    privatePorts: toWirePorts(config.ports),
    entrypointArgs: config.entrypoint,
    cmdArgs: config.cmd,
    dockerEnvVars: config.env,
    enclaveDataDirMntDirpath: config.dataDirMountpoint,
    filesArtifactMountDirpaths: config.filesArtifactMountpoints,
  };
}

/**
 * The StartServiceArgs the configuration stands for, so it is validated exactly as StartService's
 * (same rules, same field names in the errors). An unknown protocol number stays unknown (-1), so
 * the validation refuses it rather than taking it for TCP.
 */
export function toStartServiceArgs(serviceId: string, config: serviceConfigApi.ServiceConfig): apiContainerApi.StartServiceArgs {
  return {
    serviceId,
    dockerImage: config.dockerImage,
    privatePorts: Object.fromEntries(
      Object.entries(config.privatePorts).map(([id, p]) => [id, { number: p.number, protocol: START_SERVICE_PROTOCOL[p.protocol] ?? apiContainerApi.Port_Protocol.UNRECOGNIZED }]),
    ),
    entrypointArgs: config.entrypointArgs,
    cmdArgs: config.cmdArgs,
    dockerEnvVars: config.dockerEnvVars,
    enclaveDataDirMntDirpath: config.enclaveDataDirMntDirpath,
    filesArtifactMountDirpaths: config.filesArtifactMountDirpaths,
  };
}

/** Whether two port sets declare the same ports under the same IDs. */
export function samePorts(a: Record<string, PortSpec>, b: Record<string, PortSpec>): boolean {
  const ids = Object.keys(a);
  return ids.length === Object.keys(b).length && ids.every((id) => b[id] !== undefined && b[id].number === a[id].number && b[id].protocol === a[id].protocol);
}
