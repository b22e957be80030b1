// ObjectRuntime of the in-memory platform: states, starts, removals, output and commands, answered
// from the world's processes and the handlers a test gave (InMemoryBackendOptions.exec, .sessions).
import { internal, notFound, precondition } from '@kurtosis-ts/domain';
import type { ExecResult, ExecSession, InteractiveIo, ObjectRef, OutputFollower, RuntimeState } from '../backend/objects';
import type { ObjectRuntime } from '../backend/object-runtime';
import { refKey } from './memory-process';
import type { InMemoryWorld } from './in-memory-world';

export class InMemoryIo implements ObjectRuntime {
  constructor(readonly world: InMemoryWorld) {}

  async getState(ref: ObjectRef): Promise<RuntimeState> {
    this.world.check('getState', [ref]);
    return this.world.process(ref).state();
  }

  async waitForExit(ref: ObjectRef, signal?: AbortSignal): Promise<number> {
    this.world.check('waitForExit', [ref, signal]);
    const process = this.world.process(ref);
    if (process.status === 'stopped') return process.exitCode;
    return new Promise<number>((resolve, reject) => {
      const abort = () => {
        off();
        reject(Object.assign(new Error('The wait was aborted'), { name: 'AbortError' }));
      };
      const off = process.onExit(() => {
        signal?.removeEventListener('abort', abort);
        off();
        // Removed while waited for: Docker's wait then fails with "No such container".
        if (this.world.find(ref) !== process) reject(notFound(`No such process: ${refKey(ref)}`));
        else resolve(process.exitCode);
      });
      if (signal?.aborted) abort();
      else signal?.addEventListener('abort', abort, { once: true });
    });
  }

  async startObject(ref: ObjectRef): Promise<void> {
    this.world.check('startObject', [ref]);
    const process = this.world.process(ref);
    // A service that joined its sidecar publishes nothing itself.
    this.world.start(process, !process.joinedSidecar);
  }

  async discardObject(ref: ObjectRef): Promise<void> {
    this.world.check('discardObject', [ref]);
    this.world.remove(ref);
  }

  async waitForOutput(ref: ObjectRef, marker: string, timeoutMs: number, sinceMs?: number): Promise<void> {
    this.world.check('waitForOutput', [ref, marker, timeoutMs, sinceMs]);
    const process = this.world.process(ref);
    if (process.outputSince(sinceMs).includes(marker)) return;
    await new Promise<void>((resolve, reject) => {
      let seen = process.outputSince(sinceMs);
      const finish = (err?: Error) => {
        clearTimeout(timer);
        offOutput();
        offExit();
        if (err) reject(err);
        else resolve();
      };
      const timer = setTimeout(() => finish(internal(`${refKey(ref)} did not become ready within ${timeoutMs} ms`)), timeoutMs);
      const offOutput = process.onOutput((chunk) => {
        if (sinceMs !== undefined && chunk.atMs < sinceMs) return;
        seen += chunk.text;
        if (seen.includes(marker)) finish();
      });
      const offExit = process.onExit(() => finish(internal(`${refKey(ref)} exited before it became ready`)));
    });
  }

  async getLastLogLines(ref: ObjectRef, lines: number): Promise<string> {
    this.world.check('getLastLogLines', [ref, lines]);
    return this.world.process(ref).outputSince().trimEnd().split('\n').slice(-lines).join('\n');
  }

  async followOutput(ref: ObjectRef, onText: (text: string) => void): Promise<OutputFollower> {
    this.world.check('followOutput', [ref]);
    const process = this.world.process(ref);
    const before = process.outputSince();
    if (before) onText(before);
    let stop: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      const offOutput = process.onOutput((chunk) => onText(chunk.text));
      const offExit = process.onExit(() => stop());
      stop = () => {
        offOutput();
        offExit();
        resolve();
      };
      if (process.status === 'stopped') stop();
    });
    return { stop: () => stop(), done };
  }

  async exec(ref: ObjectRef, argv: string[], stdin?: string): Promise<ExecResult> {
    this.world.check('exec', [ref, argv, stdin]);
    this.requireRunning(ref, 'exec');
    return (await this.world.options.exec?.(ref, argv, stdin)) ?? { exitCode: 0, output: '' };
  }

  async openExecSession(ref: ObjectRef, argv: string[]): Promise<ExecSession> {
    this.world.check('openExecSession', [ref, argv]);
    this.requireRunning(ref, 'start a session');
    const handler = this.world.options.sessions?.(ref, argv) ?? (() => undefined);
    const listeners: ((text: string) => void)[] = [];
    let end: () => void = () => undefined;
    const ended = new Promise<void>((resolve) => (end = resolve));
    const key = refKey(ref);
    const enders = this.world.openSessions.get(key) ?? new Set<() => void>();
    this.world.openSessions.set(key, enders);
    let open = true;
    const finish = () => {
      open = false;
      enders.delete(finish);
      end();
    };
    enders.add(finish);
    return {
      write: (data: string) => {
        if (open) handler(data, (text) => listeners.forEach((l) => l(text)));
      },
      onOutput: (listener) => void listeners.push(listener),
      ended,
      close: finish,
    };
  }

  async execInteractive(ref: ObjectRef, argv: string[], io: InteractiveIo): Promise<number> {
    this.world.check('execInteractive', [ref, argv]);
    const result = await this.exec(ref, argv);
    io.stdout.write(result.output);
    return result.exitCode;
  }

  async describeObject(ref: ObjectRef): Promise<unknown> {
    this.world.check('describeObject', [ref]);
    const process = this.world.process(ref);
    return { ref: process.ref, platformId: process.platformId, state: process.state(), spec: process.spec };
  }

  private requireRunning(ref: ObjectRef, what: string): void {
    const process = this.world.process(ref);
    // Docker answers 409 "container … is not running" (paused: "is paused").
    if (process.status !== 'running') throw precondition(`Cannot ${what} in ${refKey(ref)}: it is ${process.status}`);
  }
}
