// The API container's one mapping from errors to gRPC statuses: every DomainError kind has its code; a
// StatusError (a module's own answer) passes through; anything else is INTERNAL naming the RPC.
// Every RPC of both services, and every bulk command, answers through it.
import { status } from '@grpc/grpc-js';
import { DomainError } from '@kurtosis-ts/domain';
import type { DomainErrorKind } from '@kurtosis-ts/domain';
import { StatusError, toStatusError as unexpected } from '@kurtosis-ts/protos';

export const STATUS_OF_KIND: Record<DomainErrorKind, status> = {
  invalid: status.INVALID_ARGUMENT,
  'not-found': status.NOT_FOUND,
  exists: status.ALREADY_EXISTS,
  precondition: status.FAILED_PRECONDITION,
  exhausted: status.RESOURCE_EXHAUSTED,
  deadline: status.DEADLINE_EXCEEDED,
  unavailable: status.UNAVAILABLE,
  permission: status.PERMISSION_DENIED,
  unauthenticated: status.UNAUTHENTICATED,
  cancelled: status.CANCELLED,
  internal: status.INTERNAL,
};

export function toStatusError(err: unknown, rpcName: string): StatusError {
  if (err instanceof DomainError) return new StatusError(STATUS_OF_KIND[err.kind], err.message, { cause: err });
  return unexpected(err, rpcName);
}
