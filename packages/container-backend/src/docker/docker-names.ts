// What the Docker backend names its containers, networks and volumes. Each name follows from an
// object's identity, and Docker keeps names unique, so an ObjectRef addresses its container by name
// (Docker takes a name wherever it takes an ID) without a lookup. Pure.
import type { ArtifactId, EnclaveId, ServiceGuid } from '@kurtosis-ts/domain';
import type { ObjectRef } from '../backend/objects';

export function enclaveNetworkName(enclaveId: EnclaveId | string): string {
  return enclaveId;
}

const DOCKER_NAME_START = /^[A-Za-z0-9]/;

/**
 * The enclave ID where it begins a container or volume name. Enclave IDs keep the original Kurtosis
 * alphabet (letters, digits, '.', '_', '-'), and Docker takes all of it in network names and after
 * our own prefixes (`kurtosis-api--my_test.1`), but a container or volume name must start with a
 * letter or digit. So an ID that starts with '.', '_' or '-' gets a `kt` in front there; every other
 * ID — every ID that was valid before the alphabet was widened among them — keeps its names. (The
 * GUID and artifact ID that follow keep them apart from an enclave really named `kt…`.)
 */
export function dockerNameStartingWith(enclaveId: EnclaveId | string): string {
  return DOCKER_NAME_START.test(enclaveId) ? enclaveId : `kt${enclaveId}`;
}

/**
 * An enclave's network is named after its ID, and Docker keeps these names for its own networks
 * (`default` is what Docker calls a container's network mode when none is given).
 */
export const RESERVED_ENCLAVE_IDS: readonly string[] = ['bridge', 'host', 'none', 'default'];

export function explainReservedEnclaveId(enclaveId: string): string | undefined {
  if (!RESERVED_ENCLAVE_IDS.includes(enclaveId)) return undefined;
  return `enclave ID '${enclaveId}' is reserved by Docker for its own networks; the reserved IDs are ${RESERVED_ENCLAVE_IDS.join(', ')}`;
}

/** Shared with every service and module that mounts it; they may write anything into it. */
export function dataVolumeName(enclaveId: EnclaveId | string): string {
  return `kurtosis-enclave--${enclaveId}--data`;
}

/** Only the API container mounts it (expanders read it): its state and downloaded artifacts. */
export function stateVolumeName(enclaveId: EnclaveId | string): string {
  return `kurtosis-enclave--${enclaveId}--api-container-state`;
}

/** One per service and artifact, so each service gets its own copy of the files. */
export function filesArtifactVolumeName(enclaveId: EnclaveId, serviceGuid: ServiceGuid, artifactId: ArtifactId): string {
  return `${dockerNameStartingWith(enclaveId)}--${serviceGuid}--${artifactId}`;
}

export function engineContainerName(nowMs: number): string {
  return `kurtosis-engine--${nowMs}`;
}

/**
 * The Docker reference of the container behind `ref`: its name, or for an engine its guid (the
 * first 12 characters of its ID, which Docker resolves as an ID prefix).
 */
export function containerRefOf(ref: ObjectRef): string {
  switch (ref.kind) {
    case 'engine':
      return ref.guid;
    case 'api-container':
      return `kurtosis-api--${ref.enclaveId}`;
    case 'user-service':
      return `${dockerNameStartingWith(ref.enclaveId)}--${ref.guid}`;
    case 'networking-sidecar':
      return `${dockerNameStartingWith(ref.enclaveId)}--sidecar--${ref.guid}`;
    case 'module':
      return `${dockerNameStartingWith(ref.enclaveId)}--module--${ref.guid}`;
    case 'files-artifact-expander':
      return `${dockerNameStartingWith(ref.enclaveId)}--expander--${ref.guid}--${ref.artifactId}`;
  }
}

/** "the API container of enclave 'e'", "service container e--web-1" …: how messages name what failed. */
export function describeRef(ref: ObjectRef): string {
  switch (ref.kind) {
    case 'engine':
      return `engine container ${ref.guid}`;
    case 'api-container':
      return `the API container of enclave '${ref.enclaveId}'`;
    case 'user-service':
      return `service container ${containerRefOf(ref)}`;
    case 'networking-sidecar':
      return `networking sidecar ${containerRefOf(ref)}`;
    case 'module':
      return `module container ${containerRefOf(ref)}`;
    case 'files-artifact-expander':
      return `files-artifact expander ${containerRefOf(ref)}`;
  }
}
