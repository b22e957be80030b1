// IDs become Docker names, DNS aliases and label values, so they follow RFC 1123 labels (enclave
// IDs excepted, below):
// lower-case letters, digits and '-', 1 to 63 characters, starting and ending alphanumeric.
// Anything else (slashes, colons, spaces, shell metacharacters) is refused before it reaches Docker.

const RFC_1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
// Enclave IDs keep the original Kurtosis alphabet (`my_test.1`), so 2021 scripts and clients work;
// docker-object-names.ts makes Docker names of them where Docker is stricter.
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
