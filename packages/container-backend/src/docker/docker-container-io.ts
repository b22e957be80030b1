// ObjectRuntime on Docker: the container behind an ObjectRef (addressed by its name, see
// docker-names.ts) — its state, start and removal, its output, and commands run in it (exec,
// long-lived exec sessions, interactive shells). Output and commands with stdout and stderr apart
// are docker-separated-output.ts.
import { internal, quoteValue } from '@kurtosis-ts/domain';
import type { ExecResult, ExecSession, InteractiveIo, ObjectRef, OutputFollower, OutputLine, ReadOutputOptions, RuntimeState, SeparatedExecResult } from '../backend/objects';
import type { ObjectRuntime } from '../backend/object-runtime';
import type { DockerContext } from './docker-context';
import { containerRefOf, describeRef } from './docker-names';
import { toRuntimeState } from './docker-mappers';
import { isDockerStatus, toDomainError, withDockerContext } from './docker-errors';
import { execSeparated, readOutputLines } from './docker-separated-output';
import { demuxFrames, FrameDecoder, LineTail } from './docker-streams';
import { BoundedExecOutput } from '../backend/exec-output';

export class DockerContainerIo implements ObjectRuntime {
  constructor(private readonly ctx: DockerContext) {}

  async getState(ref: ObjectRef): Promise<RuntimeState> {
    const { State } = await withDockerContext(`Inspecting ${describeRef(ref)}`, () => this.ctx.client.inspectContainer(containerRefOf(ref)));
    return toRuntimeState(State);
  }

  async waitForExit(ref: ObjectRef, signal?: AbortSignal): Promise<number> {
    // "not-running" answers at once for a container that exited before this call.
    return this.ctx.client.waitForContainer(containerRefOf(ref), signal).catch((err: unknown) => {
      if (signal?.aborted) throw Object.assign(new Error('The wait was aborted'), { name: 'AbortError' });
      throw toDomainError(err, `Waiting for ${describeRef(ref)} to exit`);
    });
  }

  async startObject(ref: ObjectRef): Promise<void> {
    await withDockerContext(`Starting ${describeRef(ref)}`, async () => {
      try {
        await this.ctx.client.startContainer(containerRefOf(ref));
      } catch (err) {
        // 304: it runs already, which is what was asked.
        if (!isDockerStatus(err, 304)) throw err;
      }
    });
  }

  async discardObject(ref: ObjectRef): Promise<void> {
    await this.ctx.removeContainerIfPresent(containerRefOf(ref), `Removing ${describeRef(ref)}`);
  }

  async waitForOutput(ref: ObjectRef, marker: string, timeoutMs: number, sinceMs?: number): Promise<void> {
    // Docker takes `since` as "<seconds>.<fraction>".
    const since = sinceMs === undefined ? undefined : (sinceMs / 1000).toFixed(3);
    const what = describeRef(ref);
    const stream = await withDockerContext(`Following the output of ${what}`, () => this.ctx.client.followContainerLogs(containerRefOf(ref), since));
    const decoder = new FrameDecoder();
    const tail = new LineTail(20);
    let window = '';
    await new Promise<void>((resolve, reject) => {
      const finish = (err?: Error) => {
        clearTimeout(timer);
        stream.removeAllListeners('data');
        stream.destroy();
        if (err) reject(err);
        else resolve();
      };
      const timer = setTimeout(() => finish(internal(`${capitalised(what)} did not become ready within ${timeoutMs} ms; its last output:\n${tail}`)), timeoutMs);
      stream.on('data', (chunk: Buffer) => {
        const text = decoder.push(chunk);
        tail.push(text);
        window += text;
        if (window.includes(marker)) finish();
        else window = window.slice(-marker.length);
      });
      stream.on('end', () => finish(internal(`${capitalised(what)} exited before it became ready; its last output:\n${tail}`)));
      stream.on('error', (err: Error) => finish(toDomainError(err, `Following the output of ${what}`)));
    });
  }

  async getLastLogLines(ref: ObjectRef, lines: number): Promise<string> {
    const raw = await withDockerContext(`Reading the output of ${describeRef(ref)}`, () => this.ctx.client.containerLogs(containerRefOf(ref), lines));
    return demuxFrames(raw).text.trimEnd();
  }

  async followOutput(ref: ObjectRef, onText: (text: string) => void): Promise<OutputFollower> {
    const stream = await withDockerContext(`Following the output of ${describeRef(ref)}`, () => this.ctx.client.followContainerLogs(containerRefOf(ref)));
    const decoder = new FrameDecoder();
    const done = new Promise<void>((resolve) => {
      stream.on('data', (chunk: Buffer) => onText(decoder.push(chunk)));
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', () => resolve());
    });
    return { stop: () => stream.destroy(), done };
  }

  readOutputLines(ref: ObjectRef, options: ReadOutputOptions, onLine: (line: OutputLine) => void): Promise<void> {
    return readOutputLines(this.ctx.client, containerRefOf(ref), describeRef(ref), options, onLine);
  }

  execSeparated(ref: ObjectRef, argv: string[], maxBytes: number): Promise<SeparatedExecResult> {
    return execSeparated(this.ctx.client, containerRefOf(ref), `Running ${quoteValue(argv.join(' '))} in ${describeRef(ref)}`, argv, maxBytes);
  }

  async exec(ref: ObjectRef, argv: string[], stdin?: string): Promise<ExecResult> {
    return withDockerContext(`Running ${quoteValue(argv.join(' '))} in ${describeRef(ref)}`, async () => {
      const withStdin = stdin !== undefined;
      const { stream, exitCode } = await this.ctx.client.exec(containerRefOf(ref), { argv, stdin: withStdin, tty: false });
      const decoder = new FrameDecoder();
      const output = new BoundedExecOutput();
      const finished = new Promise<void>((resolve, reject) => {
        stream.on('data', (chunk: Buffer) => output.push(decoder.push(chunk)));
        stream.on('end', () => resolve());
        stream.on('close', () => resolve());
        stream.on('error', reject);
      });
      // Half-closing the hijacked connection is how the command sees the end of its input.
      if (withStdin) stream.end(stdin);
      await finished;
      return { exitCode: await exitCode(), output: output.text() };
    });
  }

  async openExecSession(ref: ObjectRef, argv: string[]): Promise<ExecSession> {
    return withDockerContext(`Starting ${quoteValue(argv.join(' '))} in ${describeRef(ref)}`, async () => {
      const { stream } = await this.ctx.client.exec(containerRefOf(ref), { argv, stdin: true, tty: false });
      const decoder = new FrameDecoder();
      const listeners: ((text: string) => void)[] = [];
      stream.on('data', (chunk: Buffer) => {
        const text = decoder.push(chunk);
        if (text) for (const listener of listeners) listener(text);
      });
      const ended = new Promise<void>((resolve) => {
        stream.on('end', () => resolve());
        stream.on('close', () => resolve());
        // A broken connection ends the session like an exit does; its users see it as ended.
        stream.on('error', () => resolve());
      });
      return {
        write: (data: string) => void stream.write(data),
        onOutput: (listener: (text: string) => void) => void listeners.push(listener),
        ended,
        close: () => void stream.end(),
      };
    });
  }

  async execInteractive(ref: ObjectRef, argv: string[], io: InteractiveIo): Promise<number> {
    return withDockerContext(`Running ${quoteValue(argv.join(' '))} in ${describeRef(ref)}`, async () => {
      // With a terminal the output is raw; without one (piped input) Docker multiplexes it.
      const { stream, exitCode } = await this.ctx.client.exec(containerRefOf(ref), { argv, stdin: true, tty: io.tty });
      const decoder = new FrameDecoder();
      await new Promise<void>((resolve, reject) => {
        stream.on('data', (chunk: Buffer) => io.stdout.write(io.tty ? chunk : decoder.push(chunk)));
        stream.on('end', () => resolve());
        stream.on('close', () => resolve());
        stream.on('error', reject);
        io.stdin.pipe(stream);
      });
      io.stdin.unpipe(stream);
      return exitCode();
    });
  }

  async describeObject(ref: ObjectRef): Promise<unknown> {
    return withDockerContext(`Inspecting ${describeRef(ref)}`, () => this.ctx.client.inspectContainer(containerRefOf(ref)));
  }
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
