// Every Docker object we create carries these labels; they are the only state the engine has, so
// encoding and decoding live here, in one place. Names and values are those of the protocol's
// labels (docs/protocol.md, "Labels"), plus our own keys. Pure.
import { quoteValue } from '@kurtosis-ts/domain';
import type { PortProtocol, PortSpec } from '@kurtosis-ts/domain';
import type { ObjectKind } from '../backend/objects';

export const LABEL_KEYS = {
  appId: 'com.kurtosistech.app-id',
  enclaveId: 'com.kurtosistech.enclave-id',
  containerType: 'com.kurtosistech.container-type',
  id: 'com.kurtosistech.id',
  guid: 'com.kurtosistech.guid',
  // Our own additions, for what must survive a restart of the engine or an API container.
  privateIp: 'com.kurtosistech.private-ip',
  ports: 'com.kurtosistech.ports',
  dataDirMountpoint: 'com.kurtosistech.enclave-data-dir-mountpoint',
  partitioningEnabled: 'com.kurtosistech.is-partitioning-enabled',
  volumeType: 'com.kurtosistech.volume-type',
  /** On an enclave's network: the engine container (hostname, a container ID prefix) that created it. */
  creatorEngineId: 'com.kurtosistech.creator-engine-id',
  /** On an enclave's network and volumes: the engine session (a test run) that owns it. */
  sessionId: 'com.kurtosistech.session-id',
} as const;

export const APP_ID = 'kurtosis';

export const CONTAINER_TYPES = [
  'kurtosis-engine',
  'api-container',
  'user-service',
  'networking-sidecar',
  'module',
  'files-artifact-expander',
] as const;
export type ContainerType = (typeof CONTAINER_TYPES)[number];

/** The object kind a container type label names (the engine's label says 'kurtosis-engine'). */
export function objectKindOf(containerType: string | undefined): ObjectKind | undefined {
  if (containerType === 'kurtosis-engine') return 'engine';
  return (CONTAINER_TYPES as readonly string[]).includes(containerType ?? '') ? (containerType as ObjectKind) : undefined;
}

/** Made by this system: labelled with our app ID or as belonging to an enclave. */
export function isKurtosisLabelled(labels: Labels): boolean {
  return labels[LABEL_KEYS.appId] === APP_ID || labels[LABEL_KEYS.enclaveId] !== undefined;
}

export type Labels = Record<string, string>;

/** Labels of an object that belongs to an enclave (network, volume, any enclave container). */
export function enclaveLabels(enclaveId: string): Labels {
  return { [LABEL_KEYS.appId]: APP_ID, [LABEL_KEYS.enclaveId]: enclaveId };
}

export function containerLabels(enclaveId: string | undefined, containerType: ContainerType, extra: Labels = {}): Labels {
  const base = enclaveId === undefined ? { [LABEL_KEYS.appId]: APP_ID } : enclaveLabels(enclaveId);
  return { ...base, [LABEL_KEYS.containerType]: containerType, ...extra };
}

/** `grpc:1323/tcp,http:80/tcp` — port IDs may therefore contain neither `:` nor `,`. */
export function encodePorts(ports: Record<string, PortSpec>): string {
  for (const id of Object.keys(ports)) {
    if (id === '' || /[:,]/.test(id)) throw new Error(`Port ID ${quoteValue(id)} cannot be stored in a label: it must be non-empty, without ':' or ','`);
  }
  return Object.entries(ports)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, p]) => `${id}:${p.number}/${p.protocol}`)
    .join(',');
}

export function decodePorts(encoded: string | undefined): Record<string, PortSpec> {
  const ports: Record<string, PortSpec> = {};
  if (!encoded) return ports;
  for (const entry of encoded.split(',')) {
    const match = /^([^:,]+):(\d{1,5})\/(tcp|udp|sctp)$/.exec(entry);
    const number = Number(match?.[2]);
    if (!match || number < 1 || number > 65535 || match[1] in ports) {
      throw new Error(`Malformed port label entry ${quoteValue(entry)} in ${quoteValue(encoded)}`);
    }
    ports[match[1]] = { number, protocol: match[3] as PortProtocol };
  }
  return ports;
}

/** The label filter Docker's list endpoints take: `{ label: ['k=v', ...] }`. */
export function labelFilter(labels: Labels): { label: string[] } {
  return { label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) };
}
