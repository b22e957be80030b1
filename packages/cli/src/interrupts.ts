// SIGINT, SIGTERM and SIGHUP, for every command. The first one is answered at once: spinners stop,
// the command says what it is doing about it, runs its cleanups (a `module exec` removes the
// enclave it created) and exits with 130 / 143 / 129. A second signal during the cleanup exits at
// once, naming what was left. Nothing here waits for the interrupted work itself.
import { EXIT_INTERRUPTED } from './errors/cli-errors';

export interface Cleanup {
  /** What it does, e.g. "removing enclave x". */
  doing: string;
  /** What is left when it cannot run, e.g. "enclave x; remove it with: …". */
  leftBehind: string;
  run: () => Promise<string | void>;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const CLEANUP_TIMEOUT_MS = 60_000;

export class Interrupts {
  private readonly cleanups = new Set<Cleanup>();
  private readonly listeners = new Set<() => void>();
  private received: string | undefined;
  private readonly controller = new AbortController();

  constructor(
    private readonly say: (line: string) => void,
    private readonly exit: (code: number) => void = (code) => process.exit(code),
  ) {}

  /** Aborts when the first signal arrives. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  install(): void {
    for (const signal of SIGNALS) process.on(signal, () => void this.handle(signal));
  }

  /** Called at once on the first signal (spinners stop here). */
  onInterrupt(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs on interruption; remove it once the work it guards is done. */
  addCleanup(cleanup: Cleanup): () => void {
    this.cleanups.add(cleanup);
    return () => this.cleanups.delete(cleanup);
  }

  async handle(signal: string): Promise<void> {
    const code = EXIT_INTERRUPTED[signal] ?? 1;
    if (this.received) {
      const left = [...this.cleanups].map((c) => c.leftBehind);
      this.say(`Interrupted again (${signal}): exiting now${left.length ? `; left behind: ${left.join('; ')}` : ''}`);
      this.exit(code);
      return;
    }
    this.received = signal;
    for (const listener of this.listeners) listener();
    this.controller.abort();
    const cleanups = [...this.cleanups];
    if (cleanups.length === 0) {
      this.exit(code);
      return;
    }
    this.say(`Interrupted (${signal}): ${cleanups.map((c) => c.doing).join(', ')}… (again to exit at once)`);
    for (const cleanup of cleanups) {
      try {
        const done = await withTimeout(cleanup.run(), CLEANUP_TIMEOUT_MS);
        if (done) this.say(done);
      } catch (err) {
        this.say(`Could not finish ${cleanup.doing} (${(err as Error).message}); left behind: ${cleanup.leftBehind}`);
      }
      this.cleanups.delete(cleanup);
    }
    this.exit(code);
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
