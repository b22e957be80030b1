import { status } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';

/** An error that a gRPC server answers with its own status code and message. */
export class StatusError extends Error {
  constructor(
    readonly code: status,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
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
