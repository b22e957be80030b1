// What a failed execute answers: the module's own status for a KurtosisError, INVALID_ARGUMENT for
// params that failed validation, INTERNAL for anything else — always with the message, bounded. Pure.
import { status } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import { KurtosisError } from '@kurtosis-ts/engine-client';
import { boundMessage } from '@kurtosis-ts/protos';
import { ParamsValidationError } from './module-params';

/** Whatever was thrown, in words; never itself throws (a circular object, a BigInt). */
function describeThrown(err: unknown): string {
  if (err instanceof Error) return err.message;
  try {
    return `the module threw ${JSON.stringify(err) ?? String(err)}`;
  } catch {
    return `the module threw ${String(err)}`;
  }
}

// The message travels in HTTP/2 trailers: one larger than the API container can receive (64 KiB)
// would never arrive, so every message is cut to what a status carries (4 KiB).
export function executeErrorStatus(err: unknown): Partial<ServiceError> {
  if (err instanceof ParamsValidationError) return { code: status.INVALID_ARGUMENT, details: boundMessage(err.message) };
  if (err instanceof KurtosisError) return { code: err.code, details: boundMessage(err.message) };
  return { code: status.INTERNAL, details: boundMessage(describeThrown(err)) };
}
