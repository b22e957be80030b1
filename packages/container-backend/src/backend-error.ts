// What went wrong in the container platform, in words the servers can map to gRPC status codes
// without knowing Docker's error shapes.
export type BackendErrorKind =
  | 'not-found' // an object or image does not exist
  | 'already-exists' // a name, IP or subnet is taken
  | 'unavailable' // the container platform cannot be reached
  | 'conflict' // the object is in the wrong state (not running, already stopped…)
  | 'invalid' // the platform refused what it was asked (bad image reference, reserved name, too large)
  | 'exhausted' // a bounded resource is used up (addresses of a subnet, subnets)
  | 'failed'; // anything else

/** gRPC status codes (numbers fixed by the gRPC spec) that answer each kind. */
const GRPC_CODES: Record<BackendErrorKind, number> = {
  'not-found': 5, // NOT_FOUND
  'already-exists': 6, // ALREADY_EXISTS
  unavailable: 14, // UNAVAILABLE
  conflict: 9, // FAILED_PRECONDITION
  invalid: 3, // INVALID_ARGUMENT
  exhausted: 8, // RESOURCE_EXHAUSTED
  failed: 13, // INTERNAL
};

export class BackendError extends Error {
  constructor(
    readonly kind: BackendErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BackendError';
  }

  /** Read by the servers' error mapping (serveUnary in @kurtosis-ts/protos). */
  get grpcCode(): number {
    return GRPC_CODES[this.kind];
  }
}

export function isBackendError(err: unknown, kind?: BackendErrorKind): err is BackendError {
  return err instanceof BackendError && (kind === undefined || err.kind === kind);
}
