import { status } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import { boundMessage } from './bounded-text';

/**
 * An error that a gRPC server answers with its own status code and message. The message is cut to
 * MAX_STATUS_MESSAGE_BYTES here, whatever built it: a status travels in HTTP/2 trailers, and one
 * larger than the peer's header limit never arrives — the call would hang until its deadline.
 */
export class StatusError extends Error {
  constructor(
    readonly code: status,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(boundMessage(message), options);
    this.name = 'StatusError';
  }

  toServiceError(): Partial<ServiceError> {
    return { code: this.code, details: this.message, message: this.message };
  }
}

export const invalidArgument = (message: string) => new StatusError(status.INVALID_ARGUMENT, message);
export const notFound = (message: string) => new StatusError(status.NOT_FOUND, message);
export const alreadyExists = (message: string) => new StatusError(status.ALREADY_EXISTS, message);
export const failedPrecondition = (message: string) => new StatusError(status.FAILED_PRECONDITION, message);
export const deadlineExceeded = (message: string) => new StatusError(status.DEADLINE_EXCEEDED, message);
export const unimplemented = (message: string) => new StatusError(status.UNIMPLEMENTED, message);
export const permissionDenied = (message: string) => new StatusError(status.PERMISSION_DENIED, message);
export const resourceExhausted = (message: string) => new StatusError(status.RESOURCE_EXHAUSTED, message);
