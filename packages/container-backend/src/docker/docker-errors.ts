// Turns dockerode's errors (HTTP status codes from the engine, socket errors from Node) into
// DomainErrors, keeping the engine's own message and adding what we were doing.
import { DomainError } from '@kurtosis-ts/domain';
import type { DomainErrorKind } from '@kurtosis-ts/domain';

interface DockerodeError {
  statusCode?: number;
  code?: string;
  json?: { message?: string } | null;
  reason?: string;
  message?: string;
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'EPIPE', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH']);

/** Docker may echo what it was sent (an image reference, a path); messages quote no more than this of it. */
const MAX_DOCKER_MESSAGE_CHARS = 1000;

export function dockerMessage(err: unknown): string {
  const e = err as DockerodeError;
  const message = (e?.json?.message ?? e?.message ?? String(err)).trim();
  return message.length <= MAX_DOCKER_MESSAGE_CHARS ? message : `${message.slice(0, MAX_DOCKER_MESSAGE_CHARS)}… (${message.length} characters)`;
}

/** The runtime could not run the container's entrypoint: the image lacks the binary. */
const MISSING_EXECUTABLE = /executable file not found|no such file or directory|permission denied: unknown/i;

export function classifyDockerError(err: unknown): DomainErrorKind {
  if (err instanceof DomainError) return err.kind;
  const e = err as DockerodeError;
  if (e?.code && UNREACHABLE_CODES.has(e.code)) return 'unavailable';
  switch (e?.statusCode) {
    case 404:
      return 'not-found';
    case 409:
      return /already in use|already exists/i.test(dockerMessage(err)) ? 'exists' : 'precondition';
    case 304:
      return 'precondition';
    case 400:
      // Docker's "bad request" covers both what we asked (a bad reference, a duplicate mount point)
      // and what the image cannot do (its entrypoint is missing): a precondition of the image, not of the request.
      return MISSING_EXECUTABLE.test(dockerMessage(err)) ? 'precondition' : 'invalid';
    case 403: // "operation is not permitted on predefined host network"
    case 413: // request entity too large
    case 431: // request header fields too large
      return 'invalid';
    default:
      return e?.statusCode === 500 && MISSING_EXECUTABLE.test(dockerMessage(err)) ? 'precondition' : 'internal';
  }
}

/** Wraps any error from Docker with context: "<doing>: <Docker's message>". */
export function toDomainError(err: unknown, doing: string): DomainError {
  if (err instanceof DomainError) return err.withContext(doing);
  const kind = classifyDockerError(err);
  const detail = kind === 'unavailable' ? `the Docker engine cannot be reached (${dockerMessage(err)})` : dockerMessage(err);
  return new DomainError(kind, `${doing}: ${detail}`, { cause: err });
}

/** Runs a Docker call, rethrowing its error as a DomainError with context. */
export async function withDockerContext<T>(doing: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toDomainError(err, doing);
  }
}

export function isDockerStatus(err: unknown, statusCode: number): boolean {
  return (err as DockerodeError)?.statusCode === statusCode;
}
