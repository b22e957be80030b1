// What callers hand a backend to create things: what the process is and needs, never where the
// platform keeps it (no networks, no volumes, no addresses: the backend picks those).
import type { ArtifactId, PortSpec } from '@kurtosis-ts/domain';

export interface CreateEngineConfig {
  image: string;
  version: string;
  /** Port to publish the engine's 9710 on, for host clients; 0 picks a free one. */
  hostPort: number;
  env?: Record<string, string>;
}

export interface CreateEnclaveOptions {
  isPartitioningEnabled: boolean;
  /** The creating engine's guid, so a later engine can tell a dead engine's half-made enclave from a create in flight. */
  creatorEngineGuid?: string;
  /** The engine session (a test run) whose end destroys the enclave; unset when none owns it. */
  sessionId?: string;
}

export interface CreateApiContainerConfig {
  image: string;
  port: number;
  /** Its environment, which may carry the address the backend gives it. */
  env: (own: { privateIp: string }) => Record<string, string>;
  /** Where the enclave's shared data directory appears inside it. */
  dataDirMountpoint: string;
  /** Where its own state directory (which no service or module sees) appears inside it. */
  stateDirMountpoint: string;
}

/** A files artifact a service gets: the archive (in the API container's state directory) unpacked at `mountpoint`. */
export interface FilesArtifactMount {
  artifactId: ArtifactId;
  /** The .tgz, relative to the API container's state directory (where it was downloaded). */
  archiveRelativePath: string;
  mountpoint: string;
}

export interface StartServiceConfig {
  image: string;
  ports: Record<string, PortSpec>;
  /** Used only when non-empty. */
  entrypoint: string[];
  /** Used only when non-empty. */
  cmd: string[];
  env: Record<string, string>;
  /** Mount the enclave's data directory here ("" = not mounted). */
  dataDirMountpoint: string;
  /** Unpacked for this service alone; removed again when the start fails. */
  filesArtifacts: FilesArtifactMount[];
  /**
   * Join the service's networking sidecar (partitioned enclaves): it already holds the service's
   * address and published ports, and its rules are in place before the service's first packet.
   */
  joinNetworkingSidecar?: boolean;
}

export interface StartModuleConfig {
  image: string;
  port: number;
  /** The module launch contract (SERIALIZED_ARGS); ENTRYPOINT and CMD are never overridden. */
  env: Record<string, string>;
  dataDirMountpoint: string;
}

export interface CreateNetworkingSidecarConfig {
  /** The service's ports: published by the sidecar, which holds the service's network identity. */
  ports: Record<string, PortSpec>;
}
