// Exit codes: 0 success, 1 failure, 2 usage (bad flags, bad params; nothing was done).
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {
  readonly exitCode = EXIT_USAGE;
}

/** A failure whose message is complete for the user (no stack trace needed). */
export class CliFailure extends Error {
  readonly exitCode = EXIT_FAILURE;
}
