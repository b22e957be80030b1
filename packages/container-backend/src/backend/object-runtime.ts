// Reading and driving the process behind an object, named by an ObjectRef (identity, never a
// platform handle): its state, start, removal, output and commands run in it. Every consumer uses
// this part; each has its own interface for the rest (engine-backend.ts, enclave-backend.ts,
// operator-backend.ts).
import type { ExecResult, ExecSession, InteractiveIo, ObjectRef, OutputFollower, OutputLine, ReadOutputOptions, RuntimeState, SeparatedExecResult } from './objects';

export interface ObjectRuntime {
  /** The process's state; not-found when it does not exist. */
  getState(ref: ObjectRef): Promise<RuntimeState>;
  /**
   * Resolves with the exit code once the process is not running (at once when it is not); rejects
   * not-found when it does not exist, and with an AbortError when `signal` aborts first.
   */
  waitForExit(ref: ObjectRef, signal?: AbortSignal): Promise<number>;
  /** Starts a process that exists but does not run (one that runs already is left be). */
  startObject(ref: ObjectRef): Promise<void>;
  /** Removes the process and what only it held, running or not (gone already is fine); a registration stays. */
  discardObject(ref: ObjectRef): Promise<void>;
  /**
   * Resolves once `marker` appears in the process's output (only output written at or after
   * `sinceMs`, a Unix time in ms, when given: a restarted process still holds its old output).
   */
  waitForOutput(ref: ObjectRef, marker: string, timeoutMs: number, sinceMs?: number): Promise<void>;
  /** The last lines of its output, for error messages and logs. */
  getLastLogLines(ref: ObjectRef, lines: number): Promise<string>;
  /** Streams its output (stdout and stderr interleaved) from its start until `stop()` or its exit; `done` settles then. */
  followOutput(ref: ObjectRef, onText: (text: string) => void): Promise<OutputFollower>;
  /**
   * Its output line by line, stdout and stderr apart, each line with its time (in order within each
   * stream), to `onLine`; resolves at the end — with `follow`, once the process exits or the signal
   * aborts. Not-found when the process does not exist.
   */
  readOutputLines(ref: ObjectRef, options: ReadOutputOptions, onLine: (line: OutputLine) => void): Promise<void>;
  /** Runs argv in it (never through a shell), feeding `stdin` to it when given. */
  exec(ref: ObjectRef, argv: string[], stdin?: string): Promise<ExecResult>;
  /** Runs argv in it (never through a shell) and collects its stdout and stderr apart, each up to `maxBytes`. */
  execSeparated(ref: ObjectRef, argv: string[], maxBytes: number): Promise<SeparatedExecResult>;
  /** Starts argv in it (never through a shell) with its stdin kept open for requests; see ExecSession. */
  openExecSession(ref: ObjectRef, argv: string[]): Promise<ExecSession>;
  /** Runs argv in it with a terminal, wired to the given streams, until it exits; resolves with its exit code. */
  execInteractive(ref: ObjectRef, argv: string[], io: InteractiveIo): Promise<number>;
  /** The platform's own description of the process (for dumps). */
  describeObject(ref: ObjectRef): Promise<unknown>;
}
