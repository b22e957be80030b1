// What went wrong, in the domain's words. Every layer below the servers throws these; each gRPC
// server maps a kind to its status code in one place (its `to-status-error.ts`), so no logic and no
// backend knows gRPC. Messages carry what was being done ("Starting service 'x': …").

export type DomainErrorKind =
  /** The request is malformed, or a value is out of its bounds. */
  | 'invalid'
  /** An object (enclave, service, module, image, registration) does not exist. */
  | 'not-found'
  /** An ID, name, address or subnet is taken. */
  | 'exists'
  /** The object is in the wrong state for this (not running, already started, partitioning off). */
  | 'precondition'
  /** A bounded resource is used up (addresses of a subnet, subnets, outstanding reservations). */
  | 'exhausted'
  /** Something did not happen in time (a wait, a module that never answered). */
  | 'deadline'
  /** The container platform, or something the request needs, cannot be reached. */
  | 'unavailable'
  /** The caller may not do this. */
  | 'permission'
  /** The caller (or the credentials it holds for someone else, e.g. a registry) is not known: none, or none accepted. */
  | 'unauthenticated'
  /** The caller gave up. */
  | 'cancelled'
  /** Anything else: an unexpected failure of the platform, or a bug. */
  | 'internal';

export const DOMAIN_ERROR_KINDS: readonly DomainErrorKind[] = [
  'invalid',
  'not-found',
  'exists',
  'precondition',
  'exhausted',
  'deadline',
  'unavailable',
  'permission',
  'unauthenticated',
  'cancelled',
  'internal',
];

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DomainError';
  }

  /** The same kind of error with what was being done in front: "<doing>: <message>". */
  withContext(doing: string): DomainError {
    return new DomainError(this.kind, `${doing}: ${this.message}`, { cause: this });
  }
}

export function isDomainError(err: unknown, kind?: DomainErrorKind): err is DomainError {
  return err instanceof DomainError && (kind === undefined || err.kind === kind);
}

type Options = { cause?: unknown };
export const invalid = (message: string, options?: Options) => new DomainError('invalid', message, options);
export const notFound = (message: string, options?: Options) => new DomainError('not-found', message, options);
export const alreadyExists = (message: string, options?: Options) => new DomainError('exists', message, options);
export const precondition = (message: string, options?: Options) => new DomainError('precondition', message, options);
export const exhausted = (message: string, options?: Options) => new DomainError('exhausted', message, options);
export const deadline = (message: string, options?: Options) => new DomainError('deadline', message, options);
export const unavailable = (message: string, options?: Options) => new DomainError('unavailable', message, options);
export const denied = (message: string, options?: Options) => new DomainError('permission', message, options);
export const unauthenticated = (message: string, options?: Options) => new DomainError('unauthenticated', message, options);
export const cancelled = (message: string, options?: Options) => new DomainError('cancelled', message, options);
export const internal = (message: string, options?: Options) => new DomainError('internal', message, options);
