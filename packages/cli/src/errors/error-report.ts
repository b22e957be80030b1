// What the user sees when a command fails: one line `Error: <what failed>: <why>` and the exit code
// of the output contract (errors/cli-errors.ts); the stack only with --debug. Pure.
import { KurtosisError, StatusCode } from '@kurtosis-ts/engine-client';
import { CliFailure, EXIT_FAILURE, EXIT_USAGE, Interrupted, UsageError } from './cli-errors';

export interface ErrorReport {
  exitCode: number;
  /** Without the `Error: ` prefix; may span lines only when the message itself does. */
  message: string;
}

const ERRNO_MEANING: Record<string, string> = {
  EEXIST: 'it already exists',
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  ENOTEMPTY: 'the directory is not empty',
  ECONNREFUSED: 'connection refused',
};

/** `Error: Error: EEXIST …` and `BackendError: …` become what failed and why, once. */
function plainMessage(err: Error): string {
  const errno = err as NodeJS.ErrnoException;
  if (typeof errno.code === 'string' && errno.syscall) {
    const meaning = ERRNO_MEANING[errno.code] ?? errno.code;
    return `${errno.syscall}${errno.path ? ` ${errno.path}` : ''}: ${meaning}`;
  }
  return err.message.replace(/^(?:[A-Za-z]*Error: )+/, '');
}

export function reportError(err: unknown): ErrorReport {
  if (err instanceof Interrupted) return { exitCode: err.exitCode, message: err.message };
  if (err instanceof UsageError) return { exitCode: EXIT_USAGE, message: err.message };
  if (err instanceof CliFailure) return { exitCode: EXIT_FAILURE, message: err.message };
  if (err instanceof KurtosisError) {
    // The server found a value it cannot take: as much a usage error as one found here.
    return { exitCode: err.code === StatusCode.INVALID_ARGUMENT ? EXIT_USAGE : EXIT_FAILURE, message: err.message };
  }
  if (err instanceof Error) return { exitCode: EXIT_FAILURE, message: plainMessage(err) };
  return { exitCode: EXIT_FAILURE, message: String(err) };
}

/** The stack of the error and its causes, for --debug. */
export function debugDetails(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current instanceof Error && depth < 5; depth += 1) {
    parts.push(current.stack ?? current.message);
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join('\nCaused by: ');
}
