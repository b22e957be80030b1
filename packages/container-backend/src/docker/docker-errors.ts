// Turns dockerode's errors (HTTP status codes from the engine, socket errors from Node) into
// BackendErrors, keeping the engine's own message and adding what we were doing.
import { BackendError } from '../backend-error';
import type { BackendErrorKind } from '../backend-error';

interface DockerodeError {
  statusCode?: number;
  code?: string;
  json?: { message?: string } | null;
  reason?: string;
  message?: string;
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'EPIPE', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH']);

export function dockerMessage(err: unknown): string {
  const e = err as DockerodeError;
  return (e?.json?.message ?? e?.message ?? String(err)).trim();
}

export function classifyDockerError(err: unknown): BackendErrorKind {
  if (err instanceof BackendError) return err.kind;
  const e = err as DockerodeError;
  if (e?.code && UNREACHABLE_CODES.has(e.code)) return 'unavailable';
  switch (e?.statusCode) {
    case 404:
      return 'not-found';
    case 409:
      return /already in use|already exists/i.test(dockerMessage(err)) ? 'already-exists' : 'conflict';
    case 304:
      return 'conflict';
    default:
      return 'failed';
  }
}

/** Wraps any error from Docker with context: "<doing>: <Docker's message>". */
export function toBackendError(err: unknown, doing: string): BackendError {
  if (err instanceof BackendError) return new BackendError(err.kind, `${doing}: ${err.message}`, { cause: err });
  const kind = classifyDockerError(err);
  const detail = kind === 'unavailable' ? `the Docker engine cannot be reached (${dockerMessage(err)})` : dockerMessage(err);
  return new BackendError(kind, `${doing}: ${detail}`, { cause: err });
}

/** Runs a Docker call, rethrowing its error as a BackendError with context. */
export async function withDockerContext<T>(doing: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toBackendError(err, doing);
  }
}

export function isDockerStatus(err: unknown, statusCode: number): boolean {
  return (err as DockerodeError)?.statusCode === statusCode;
}
