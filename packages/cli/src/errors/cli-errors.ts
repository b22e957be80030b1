// The CLI's exit codes and the errors that carry them. 0 success, 1 the operation failed (also a
// missing enclave, service or module), 2 usage (bad flags or values, found here or by the server as
// INVALID_ARGUMENT: nothing was done), 130 / 143 interrupted by SIGINT / SIGTERM.
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

export class UsageError extends Error {
  readonly exitCode = EXIT_USAGE;
}

/** A failure whose message is complete for the user (no stack trace needed). */
export class CliFailure extends Error {
  readonly exitCode = EXIT_FAILURE;
}

/** The command was interrupted by a signal; its cleanup has run. */
export class Interrupted extends Error {
  constructor(readonly signal: string) {
    super(`interrupted by ${signal}`);
  }

  get exitCode(): number {
    return EXIT_INTERRUPTED[this.signal] ?? EXIT_FAILURE;
  }
}
