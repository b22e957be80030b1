// Image references as Docker reads them (the distribution reference grammar): `[REGISTRY/]PATH[:TAG][@DIGEST]`.
// Checked before anything is created, so a malformed reference is the caller's error (invalid) and
// not a half-made enclave; and the registry part names who refused a pull in error messages.
import { invalid } from '../errors/domain-error';
import { quoteValue } from '../text/quoted-value';

export interface ImageReference {
  /** The registry host (and port) as written, undefined for Docker's default registry (and local names). */
  registry?: string;
  /** The repository path, e.g. `kurtosis-ts/datastore-army-module`. */
  repository: string;
  tag?: string;
  /** `sha256:…` when pinned by digest. */
  digest?: string;
}

/** Docker's own limit on a reference's repository name. */
const MAX_NAME_CHARS = 255;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?$/;

/** Whether the first path component names a registry, by Docker's rule: it has a dot or a port, or is localhost. */
function isRegistryComponent(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost' || component.startsWith('[');
}

/** Parses a reference; throws invalid, naming the reference and what is wrong with it. Pure. */
export function parseImageReference(reference: string): ImageReference {
  const bad = (why: string) => invalid(`${quoteValue(reference)} is not an image reference: ${why}`);
  if (reference.trim() === '') throw bad('it is empty');
  if (/\s/.test(reference)) throw bad('it contains whitespace');
  let rest = reference;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw bad(`the digest ${quoteValue(digest)} is not of the form sha256:<hex>`);
  }
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash >= 0 && isRegistryComponent(rest.slice(0, slash))) {
    registry = rest.slice(0, slash);
    rest = rest.slice(slash + 1);
    if (!HOST.test(registry)) throw bad(`the registry ${quoteValue(registry)} is not a host name with an optional port`);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw bad(`the tag ${quoteValue(tag)} must be 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'`);
  }
  if (rest === '') throw bad('it names no repository');
  if (rest.length > MAX_NAME_CHARS) throw bad(`the repository name is longer than ${MAX_NAME_CHARS} characters`);
  for (const component of rest.split('/')) {
    if (!PATH_COMPONENT.test(component)) {
      throw bad(`the repository path component ${quoteValue(component)} must be lowercase letters and digits, separated by '.', '_', '__' or '-'`);
    }
  }
  return { ...(registry !== undefined && { registry }), repository: rest, ...(tag !== undefined && { tag }), ...(digest !== undefined && { digest }) };
}

/** The registry a reference is pulled from, for messages: its host, or Docker's default registry. */
export function registryOf(reference: ImageReference): string {
  return reference.registry ?? 'docker.io';
}

/** The reference written back: `[registry/]repository[:tag][@digest]`. */
export function formatImageReference(reference: ImageReference): string {
  return `${reference.registry ? `${reference.registry}/` : ''}${reference.repository}${reference.tag ? `:${reference.tag}` : ''}${reference.digest ? `@${reference.digest}` : ''}`;
}
