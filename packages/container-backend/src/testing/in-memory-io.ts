// ObjectRuntime of the in-memory platform: states, starts, removals, output and commands, answered
// from the world's processes and the handlers a test gave (InMemoryBackendOptions.exec, .sessions).
import { internal, notFound, precondition } from '@kurtosis-ts/domain';
import type { ExecResult, ExecSession, InteractiveIo, ObjectRef, OutputFollower, OutputLine, ReadOutputOptions, RuntimeState, SeparatedExecResult } from '../backend/objects';
import type { ObjectRuntime } from '../backend/object-runtime';
import { LineAssembler, selectLines } from './memory-output-lines';
import { refKey } from './memory-process';
import type { MemoryExecAnswer } from './in-memory-world';
import type { InMemoryWorld } from './in-memory-world';
import { BoundedExecOutput } from '../backend/exec-output';

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

  async readOutputLines(ref: ObjectRef, options: ReadOutputOptions, onLine: (line: OutputLine) => void): Promise<void> {
    this.world.check('readOutputLines', [ref, options]);
    const process = this.world.process(ref);
    // What was written so far, selected as Docker does (since, then tail), then what comes.
    const past: OutputLine[] = [];
    let emit = (line: OutputLine) => void past.push(line);
    const assembler = new LineAssembler((line) => emit(line));
    for (const chunk of process.chunks()) assembler.push(chunk);
    // A line still without its newline is finished by what comes, when following.
    const following = options.follow && process.status !== 'stopped' && !options.signal?.aborted;
    if (!following) assembler.flush();
    selectLines(past, options).forEach(onLine);
    if (!following) return;
    emit = (line) => {
      if (!options.sinceMs || line.timestampMs >= options.sinceMs) onLine(line);
    };
    await new Promise<void>((resolve) => {
      const offOutput = process.onOutput((chunk) => assembler.push(chunk));
      const finish = () => {
        offOutput();
        offExit();
        options.signal?.removeEventListener('abort', finish);
        assembler.flush();
        resolve();
      };
      const offExit = process.onExit(finish);
      options.signal?.addEventListener('abort', finish, { once: true });
    });
  }

  async exec(ref: ObjectRef, argv: string[], stdin?: string): Promise<ExecResult> {
    this.world.check('exec', [ref, argv, stdin]);
    const answer = await this.answer(ref, argv, stdin);
    // Bounded as the Docker backend bounds it.
    const output = new BoundedExecOutput();
    output.push('output' in answer ? answer.output : answer.stdout + answer.stderr);
    return { exitCode: answer.exitCode, output: output.text() };
  }

  async execSeparated(ref: ObjectRef, argv: string[], maxBytes: number): Promise<SeparatedExecResult> {
    this.world.check('execSeparated', [ref, argv, maxBytes]);
    const answer = await this.answer(ref, argv);
    const [stdout, stderr] = 'output' in answer ? [answer.output, ''] : [answer.stdout, answer.stderr];
    const cut = (text: string) => Buffer.from(text, 'utf8').subarray(0, maxBytes);
    const truncated = Buffer.byteLength(stdout) > maxBytes || Buffer.byteLength(stderr) > maxBytes;
    return { exitCode: answer.exitCode, stdout: cut(stdout), stderr: cut(stderr), truncated };
  }

  private async answer(ref: ObjectRef, argv: string[], stdin?: string): Promise<MemoryExecAnswer> {
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
