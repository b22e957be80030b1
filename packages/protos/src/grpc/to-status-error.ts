import { status } from '@grpc/grpc-js';
import { StatusError } from './status-error';

/**
 * Errors of other layers may say which gRPC status answers them by carrying a numeric `grpcCode`
 * (the container backend's errors do), so this package needs to know none of them.
 */
interface CarriesGrpcCode {
  grpcCode: number;
  message: string;
}

function carriesGrpcCode(err: unknown): err is CarriesGrpcCode {
  return typeof (err as CarriesGrpcCode)?.grpcCode === 'number' && typeof (err as CarriesGrpcCode).message === 'string';
}

/** StatusErrors pass through; errors carrying a grpcCode keep it; anything else is INTERNAL. */
export function toStatusError(err: unknown, rpcName: string): StatusError {
  if (err instanceof StatusError) return err;
  if (carriesGrpcCode(err)) return new StatusError(err.grpcCode, err.message, { cause: err });
  const message = err instanceof Error ? err.message : String(err);
  return new StatusError(status.INTERNAL, `${rpcName} failed unexpectedly: ${message}`, { cause: err });
}
