// The one error class every async method of this library rejects with: the gRPC status code the
// server answered (or the one that fits a local refusal) and a message saying what was being done.
import { status } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';

export { status as StatusCode };

export class KurtosisError extends Error {
  constructor(
    readonly code: status,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'KurtosisError';
  }

  /** The status code's name, e.g. NOT_FOUND. */
  get codeName(): string {
    return status[this.code] ?? String(this.code);
  }
}

function isServiceError(err: unknown): err is ServiceError {
  return typeof (err as ServiceError)?.code === 'number' && typeof (err as ServiceError)?.details === 'string';
}

/** Wraps anything a call threw with what was being done: "Creating enclave 'x': <server's message>". */
export function toKurtosisError(err: unknown, doing: string): KurtosisError {
  if (err instanceof KurtosisError) return new KurtosisError(err.code, `${doing}: ${err.message}`, { cause: err });
  if (isServiceError(err)) return new KurtosisError(err.code, `${doing}: ${err.details || status[err.code]}`, { cause: err });
  return new KurtosisError(status.UNKNOWN, `${doing}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}

export function invalidArgument(message: string): KurtosisError {
  return new KurtosisError(status.INVALID_ARGUMENT, message);
}
