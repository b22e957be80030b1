// What Docker says during and after a pull, in the backend's words (pure, unit-tested): its progress
// events → PullProgressEvent, and its failures → DomainErrors that name the reference and the
// registry. Docker reports most registry failures as HTTP 500 with the registry's text, so the
// text decides.
import { DomainError, quoteValue, registryOf } from '@kurtosis-ts/domain';
import type { DomainErrorKind, ImageReference } from '@kurtosis-ts/domain';
import type { LayerPhase, PullProgressEvent } from '../backend/images';

/** One event of Docker's pull stream. */
export interface DockerPullEvent {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

const PHASES: Record<string, LayerPhase> = {
  'Pulling fs layer': 'waiting',
  Waiting: 'waiting',
  Downloading: 'downloading',
  'Verifying Checksum': 'verifying',
  'Download complete': 'verifying',
  Extracting: 'extracting',
  'Pull complete': 'done',
  'Already exists': 'exists',
};

/** A layer's step, or undefined for events about the whole image ("Pulling from …", "Digest: …"). */
export function toPullProgress(event: DockerPullEvent): PullProgressEvent | undefined {
  const phase = event.status ? PHASES[event.status] : undefined;
  if (!phase || !event.id) return undefined;
  const { current, total } = event.progressDetail ?? {};
  return {
    layer: event.id,
    phase,
    ...(typeof current === 'number' && { currentBytes: current }),
    ...(typeof total === 'number' && total > 0 && { totalBytes: total }),
  };
}

/** The digest from Docker's "Digest: sha256:…" event. */
export function digestOf(event: DockerPullEvent): string | undefined {
  return /^Digest: (\S+)$/.exec(event.status ?? '')?.[1];
}

const NOT_FOUND = /manifest unknown|not found|repository does not exist|name unknown|no such image/i;
/** The manifest was there, one of the layers it names is not (a registry losing data, a push half done). */
const LAYER_MISSING = /unknown blob|blob unknown/i;
const NO_CREDENTIALS = /no basic auth credentials|authentication required|unauthorized/i;
const REFUSED_CREDENTIALS = /incorrect username or password|denied|forbidden/i;
const UNREACHABLE = /connection refused|dial tcp|no such host|i\/o timeout|timeout|network is unreachable|EOF|server gave HTTP response|TLS handshake|connection reset|context deadline exceeded/i;

/** The kind of a failed pull, from Docker's status code and message, and whether credentials were offered. */
export function classifyPullFailure(statusCode: number | undefined, message: string, offeredCredentials: boolean): DomainErrorKind {
  if (statusCode === 400 && /invalid reference|repository name must/i.test(message)) return 'invalid';
  if (REFUSED_CREDENTIALS.test(message) && !NOT_FOUND.test(message)) return 'permission';
  if (NO_CREDENTIALS.test(message)) return offeredCredentials ? 'permission' : 'unauthenticated';
  if (statusCode === 404 || NOT_FOUND.test(message) || LAYER_MISSING.test(message)) return 'not-found';
  if (UNREACHABLE.test(message)) return 'unavailable';
  return 'internal';
}

const WHY: Partial<Record<DomainErrorKind, (registry: string) => string>> = {
  'not-found': (registry) => `registry ${registry} has no such repository or tag`,
  unavailable: (registry) => `registry ${registry} cannot be reached`,
  unauthenticated: (registry) => `registry ${registry} asks for credentials and none were accepted (log in with: docker login ${registry})`,
  permission: (registry) => `registry ${registry} refused the credentials (check them with: docker login ${registry})`,
};

/**
 * A failed pull as the user reads it: "Pulling image 'x': registry r <why> (<Docker's words>)". An
 * image named without a registry is most often a local build: when Docker's default registry cannot
 * be reached it is simply not found (not present locally, and nowhere to pull it from).
 */
export function pullFailure(image: string, reference: ImageReference, kind: DomainErrorKind, dockerText: string, cause?: unknown): DomainError {
  const registry = registryOf(reference);
  if (kind === 'unavailable' && reference.registry === undefined) {
    return new DomainError('not-found', `Image ${quoteValue(image)} is not present locally and could not be pulled: registry ${registry} cannot be reached (${dockerText})`, { cause });
  }
  const why = kind === 'not-found' && LAYER_MISSING.test(dockerText) ? `registry ${registry} lacks a layer its manifest names` : (WHY[kind]?.(registry) ?? `the pull from registry ${registry} failed`);
  return new DomainError(kind, `Pulling image ${quoteValue(image)}: ${why} (${dockerText})`, { cause });
}
