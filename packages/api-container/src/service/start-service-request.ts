// Validation of StartServiceArgs before anything reaches the backend. Pure: every refusal is an
// INVALID_ARGUMENT naming the bad field and saying what is allowed.
import { invalid } from '@kurtosis-ts/domain';
import { explainInvalidMountTarget } from '@kurtosis-ts/container-backend';
import type { PortProtocol, PortSpec } from '@kurtosis-ts/domain';
import { apiContainerApi, quote } from '@kurtosis-ts/protos';
import type { ServiceConfig } from './service-config';
import { validateImageReferenceLength, validatePortCount, validateProcessStrings } from '../bounds/request-bounds';

// Port IDs end up in a label encoded as "id:number/proto,..." — hence no ':' or ','.
const PORT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const ENV_NAME = /^[^=\0]+$/;

const PROTOCOLS: Record<number, PortProtocol> = {
  [apiContainerApi.Port_Protocol.TCP]: 'tcp',
  [apiContainerApi.Port_Protocol.SCTP]: 'sctp',
  [apiContainerApi.Port_Protocol.UDP]: 'udp',
};

export const PROTOCOL_OF_SPEC: Record<PortProtocol, apiContainerApi.Port_Protocol> = {
  tcp: apiContainerApi.Port_Protocol.TCP,
  sctp: apiContainerApi.Port_Protocol.SCTP,
  udp: apiContainerApi.Port_Protocol.UDP,
};

export function validatePortNumber(field: string, port: number): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw invalid(`${field} ${port} is not a port number (1 to 65535)`);
  }
}

export function parsePorts(ports: Record<string, apiContainerApi.Port>): Record<string, PortSpec> {
  validatePortCount(Object.keys(ports).length);
  const parsed: Record<string, PortSpec> = {};
  const seen = new Map<string, string>();
  for (const [portId, port] of Object.entries(ports)) {
    if (!PORT_ID.test(portId)) {
      throw invalid(
        `port ID ${quote(portId)} is invalid: use 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit`,
      );
    }
    validatePortNumber(`port ${quote(portId)}: number`, port.number);
    const protocol = PROTOCOLS[port.protocol];
    if (!protocol) throw invalid(`port ${quote(portId)}: protocol ${port.protocol} is not TCP (0), SCTP (1) or UDP (2)`);
    const key = `${port.number}/${protocol}`;
    const other = seen.get(key);
    if (other) throw invalid(`ports ${quote(other)} and ${quote(portId)} both declare ${key}`);
    seen.set(key, portId);
    parsed[portId] = { number: port.number, protocol };
  }
  return parsed;
}

/**
 * Mount paths become structured mounts, never "volume:path" strings; still, each must be a plain
 * absolute, normalised path (no ':' or other Docker option syntax), and no two mounts may share one.
 */
export function validateMountPaths(dataDirMountpoint: string, artifactMountpoints: Record<string, string>): void {
  const users = new Map<string, string>();
  const claim = (mountpoint: string, field: string) => {
    const problem = explainInvalidMountTarget(mountpoint);
    if (problem) throw invalid(`${field} ${quote(mountpoint)} is invalid: ${problem}`);
    const other = users.get(mountpoint);
    if (other) throw invalid(`${other} and ${field} are both mounted at ${quote(mountpoint)}; each mount needs a path of its own`);
    users.set(mountpoint, field);
  };
  if (dataDirMountpoint !== '') claim(dataDirMountpoint, 'enclave_data_dir_mnt_dirpath');
  for (const [artifactId, mountpoint] of Object.entries(artifactMountpoints)) {
    claim(mountpoint, `files_artifact_mount_dirpaths[${quote(artifactId, 64)}]`);
  }
}

export interface StartServiceRequest {
  serviceId: string;
  image: string;
  ports: Record<string, PortSpec>;
  entrypoint: string[];
  cmd: string[];
  env: Record<string, string>;
  dataDirMountpoint: string;
  filesArtifactMountpoints: Record<string, string>;
}

/** What a started service keeps of its request: everything but its ID. */
export function configOf(request: StartServiceRequest): ServiceConfig {
  const { serviceId: _serviceId, ...config } = request;
  return config;
}

export function parseStartServiceArgs(args: apiContainerApi.StartServiceArgs): StartServiceRequest {
  const image = args.dockerImage.trim();
  if (image === '' || /\s/.test(image)) throw invalid(`docker_image ${quote(args.dockerImage)} is not an image reference`);
  validateImageReferenceLength('docker_image', image);
  for (const name of Object.keys(args.dockerEnvVars)) {
    if (!ENV_NAME.test(name)) throw invalid(`environment variable name ${quote(name)} must be non-empty and contain no '='`);
  }
  validateProcessStrings({ argv: { entrypoint_args: args.entrypointArgs, cmd_args: args.cmdArgs }, env: { docker_env_vars: args.dockerEnvVars } });
  const dataDir = args.enclaveDataDirMntDirpath;
  validateMountPaths(dataDir, args.filesArtifactMountDirpaths);
  return {
    serviceId: args.serviceId,
    image,
    ports: parsePorts(args.privatePorts),
    entrypoint: args.entrypointArgs,
    cmd: args.cmdArgs,
    env: args.dockerEnvVars,
    dataDirMountpoint: dataDir,
    filesArtifactMountpoints: args.filesArtifactMountDirpaths,
  };
}
