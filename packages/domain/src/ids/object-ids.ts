// The IDs callers choose (enclaves, services, modules, partitions, files artifacts) become names,
// DNS aliases and labels on the container platform, so they follow RFC 1123 labels: lower-case
// letters, digits and '-', 1 to 63 characters, starting and ending alphanumeric. Enclave IDs keep
// the original Kurtosis alphabet instead (letters, digits, '.', '_' and '-': `my_test.1`), so 2021
// scripts and clients work; a backend maps them to names its platform accepts (Docker:
// docker-names.ts of the container backend). Anything else (slashes, colons, spaces, shell
// metacharacters) is refused before it reaches a backend.
//
// Each kind is a branded string: a value of the type has passed `parseId` (or came from a backend),
// so an enclave ID cannot be passed where a service ID is asked, nor a GUID where an ID is. Pure.
import { invalid } from '../errors/domain-error';

const RFC_1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const ENCLAVE_ID = /^[A-Za-z0-9._-]+$/;
export const MAX_ID_LENGTH = 63;

export type IdKind = 'enclave' | 'service' | 'module' | 'partition' | 'files artifact';

/** Returns why `id` is not a valid ID of that kind, or undefined when it is. */
export function explainInvalidId(kind: IdKind, id: string): string | undefined {
  if (id.length === 0) return `${kind} ID must not be empty`;
  if (id.length > MAX_ID_LENGTH) {
    const shown = id.length > 70 ? `${id.slice(0, 70)}…` : id;
    return `${kind} ID '${shown}' is ${id.length} characters long; the maximum is ${MAX_ID_LENGTH}`;
  }
  if (kind === 'enclave') {
    return ENCLAVE_ID.test(id) ? undefined : `enclave ID '${id}' is invalid: use only letters, digits, '.', '_' and '-'`;
  }
  if (!RFC_1123_LABEL.test(id)) {
    return (
      `${kind} ID '${id}' is invalid: use only lower-case letters, digits and '-', ` +
      `starting and ending with a letter or digit (RFC 1123 label)`
    );
  }
  return undefined;
}

export function isValidId(id: string): boolean {
  return explainInvalidId('service', id) === undefined;
}

declare const brand: unique symbol;
/** A string that has been checked (or minted) as a `B`. */
export type Branded<B extends string> = string & { readonly [brand]: B };

export type EnclaveId = Branded<'EnclaveId'>;
export type ServiceId = Branded<'ServiceId'>;
export type ModuleId = Branded<'ModuleId'>;
export type PartitionId = Branded<'PartitionId'>;
export type ArtifactId = Branded<'ArtifactId'>;

/** Minted by a backend when it registers a service: unique per registration, never reused. */
export type ServiceGuid = Branded<'ServiceGuid'>;
/** Minted by a backend when it registers a module load. */
export type ModuleGuid = Branded<'ModuleGuid'>;
/** An engine's identity on its platform, as the engine itself can learn it (Docker: its hostname). */
export type EngineGuid = Branded<'EngineGuid'>;

interface IdOfKind {
  enclave: EnclaveId;
  service: ServiceId;
  module: ModuleId;
  partition: PartitionId;
  'files artifact': ArtifactId;
}

/** `raw` as an ID of that kind; an 'invalid' DomainError saying why when it is not one. */
export function parseId<K extends IdKind>(kind: K, raw: string): IdOfKind[K] {
  const problem = explainInvalidId(kind, raw);
  if (problem) throw invalid(problem);
  return raw as IdOfKind[K];
}

/** `raw` as an ID of that kind when it is a valid one, else undefined (for lookups: an invalid ID names nothing). */
export function asValidId<K extends IdKind>(kind: K, raw: string): IdOfKind[K] | undefined {
  return explainInvalidId(kind, raw) === undefined ? (raw as IdOfKind[K]) : undefined;
}

/**
 * An identifier that came from a backend or from a record this system wrote (labels, the API
 * container's state file): trusted as it is, never from a caller's request.
 */
export function trustedId<T extends Branded<string>>(raw: string): T {
  return raw as T;
}
