// One long-lived shell per networking sidecar that applies iptables-restore transactions sent over
// its stdin. An exec per repartition (`docker exec`) costs ~150 ms of setup per sidecar, which on two
// cores turned a repartition of 20 services into seconds; through a session it is the ~10 ms that
// iptables-restore itself takes.
//
// Protocol: the API container writes "<byte length>\n<transaction>"; the shell answers one line,
// "OK" or "FAILED <iptables-restore's output on one line>".
import type { ExecSession, ObjectRef, ObjectRuntime } from '@kurtosis-ts/container-backend';

/** The sidecar's side. POSIX `read` takes the length line byte by byte and `head -c` no more than the transaction, so nothing of the next request is consumed early. */
export const SESSION_ARGV = [
  'sh',
  '-c',
  'while read -r n; do head -c "$n" > /tmp/rules; ' +
    'if iptables-restore --noflush < /tmp/rules > /tmp/out 2>&1; then echo OK; else echo "FAILED $(tr "\\n" " " < /tmp/out)"; fi; done',
];

export function frameTransaction(transaction: string): string {
  return `${Buffer.byteLength(transaction, 'utf8')}\n${transaction}`;
}

export class SidecarSession {
  private buffered = '';
  private waiting?: { resolve: () => void; reject: (err: Error) => void };
  private alive = true;
  /** One transaction at a time: answers come back in order, one line each. */
  private queue: Promise<void> = Promise.resolve();

  private constructor(private readonly session: ExecSession) {
    session.onOutput((text) => this.receive(text));
    void session.ended.then(() => {
      this.alive = false;
      this.waiting?.reject(new Error('the rules session in the sidecar ended before answering'));
      this.waiting = undefined;
    });
  }

  static async open(backend: Pick<ObjectRuntime, 'openExecSession'>, sidecar: ObjectRef): Promise<SidecarSession> {
    return new SidecarSession(await backend.openExecSession(sidecar, SESSION_ARGV));
  }

  isAlive(): boolean {
    return this.alive;
  }

  /** Applies a transaction; rejects with iptables-restore's complaint when it refused it. */
  apply(transaction: string): Promise<void> {
    const result = this.queue.then(
      () =>
        new Promise<void>((resolve, reject) => {
          if (!this.alive) return reject(new Error('the rules session in the sidecar has ended'));
          this.waiting = { resolve, reject };
          this.session.write(frameTransaction(transaction));
        }),
    );
    this.queue = result.catch(() => undefined);
    return result;
  }

  close(): void {
    this.alive = false;
    this.session.close();
  }

  private receive(text: string): void {
    this.buffered += text;
    let newline: number;
    while ((newline = this.buffered.indexOf('\n')) >= 0) {
      const line = this.buffered.slice(0, newline).trim();
      this.buffered = this.buffered.slice(newline + 1);
      const waiting = this.waiting;
      this.waiting = undefined;
      if (!waiting) continue;
      if (line === 'OK') waiting.resolve();
      else waiting.reject(new Error(`iptables-restore refused the rules: ${line.replace(/^FAILED\s*/, '').trim() || line}`));
    }
  }
}
