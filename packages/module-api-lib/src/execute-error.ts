// What a failed execute answers: the module's own status for a KurtosisError, INVALID_ARGUMENT for
// params that failed validation, INTERNAL for anything else — always with the message. Pure.
import { status } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import { KurtosisError } from '@kurtosis-ts/engine-client';
import { ParamsValidationError } from './module-params';

export function executeErrorStatus(err: unknown): Partial<ServiceError> {
  if (err instanceof ParamsValidationError) return { code: status.INVALID_ARGUMENT, details: err.message };
  if (err instanceof KurtosisError) return { code: err.code, details: err.message };
  const message = err instanceof Error ? err.message : `the module threw ${JSON.stringify(err)}`;
  return { code: status.INTERNAL, details: message };
}
