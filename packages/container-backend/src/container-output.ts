// A container's output as its two streams, apart: what `kurtosis service logs --since/--tail`,
// `enclave logs -f` and `service exec` need (stdout and stderr kept apart, a timestamp per line),
// which the backend's interleaved followOutput/exec do not give. Demultiplexed with dockerode's own
// demuxer (docker-modem's demuxStream). Only Docker access, no policy: callers check IDs and rights.
import { PassThrough, Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import Docker from 'dockerode';
import { withDockerContext } from './docker/docker-errors';

export type OutputStreamName = 'stdout' | 'stderr';

export interface OutputLine {
  stream: OutputStreamName;
  /** Without its newline; cut to MAX_LINE_CHARS. */
  line: string;
  /** When Docker received it (Unix ms); 0 when it did not say. */
  timestampMs: number;
}

export interface ReadLogsOptions {
  follow: boolean;
  /** Only the last N lines (undefined: all). */
  tailLines?: number;
  /** Only lines written at or after this Unix time in ms (0: from the start). */
  sinceMs?: number;
  /** Ends a followed read. */
  signal?: AbortSignal;
}

export interface SeparatedExecResult {
  exitCode: number;
  stdout: Buffer;
  stderr: Buffer;
  /** True when either stream was cut at maxBytes. */
  truncated: boolean;
}

export const MAX_LINE_CHARS = 64 * 1024;

/** `2026-12-01T08:55:55.123456789Z text` → [ms, text]; a line without a timestamp keeps 0. */
export function splitTimestamp(raw: string): [number, string] {
  const space = raw.indexOf(' ');
  if (space > 0) {
    const ms = Date.parse(raw.slice(0, space));
    if (!Number.isNaN(ms)) return [ms, raw.slice(space + 1)];
  }
  return [0, raw];
}

export class ContainerOutput {
  constructor(private readonly docker: Docker = new Docker()) {}

  /** Calls `onLine` for every line of the container's output, in order per stream; resolves at its end. */
  async readLogs(containerId: string, options: ReadLogsOptions, onLine: (line: OutputLine) => void): Promise<void> {
    const doing = `Reading the output of container ${containerId.slice(0, 12)}`;
    const container = this.docker.getContainer(containerId);
    const query = {
      stdout: true,
      stderr: true,
      timestamps: true,
      ...(options.tailLines === undefined ? {} : { tail: options.tailLines }),
      ...(options.sinceMs ? { since: (options.sinceMs / 1000).toFixed(3) } : {}),
    };
    const raw: unknown = await withDockerContext<unknown>(doing, () =>
      options.follow ? container.logs({ ...query, follow: true }) : container.logs({ ...query, follow: false }),
    );
    const source = Buffer.isBuffer(raw) ? Readable.from([raw]) : (raw as NodeJS.ReadableStream & { destroy(): void });
    const lines = (stream: OutputStreamName, target: PassThrough) =>
      new Promise<void>((resolve) => {
        createInterface({ input: target, crlfDelay: Infinity })
          .on('line', (text: string) => {
            const [timestampMs, line] = splitTimestamp(text);
            onLine({ stream, line: line.length > MAX_LINE_CHARS ? line.slice(0, MAX_LINE_CHARS) : line, timestampMs });
          })
          .on('close', resolve);
      });
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const done = Promise.all([lines('stdout', stdout), lines('stderr', stderr)]);
    const end = () => {
      stdout.end();
      stderr.end();
    };
    const abort = () => {
      (source as { destroy?: () => void }).destroy?.();
      end();
    };
    options.signal?.addEventListener('abort', abort, { once: true });
    if (options.signal?.aborted) abort();
    this.docker.modem.demuxStream(source, stdout, stderr);
    source.on('end', end);
    source.on('close', end);
    source.on('error', end);
    try {
      await done;
    } finally {
      options.signal?.removeEventListener('abort', abort);
    }
  }

  /** Runs argv (never through a shell) and collects its stdout and stderr apart, each up to maxBytes. */
  async exec(containerId: string, argv: string[], maxBytes: number): Promise<SeparatedExecResult> {
    return withDockerContext(`Running ${JSON.stringify(argv.join(' ').slice(0, 200))} in container ${containerId.slice(0, 12)}`, async () => {
      const exec = await this.docker.getContainer(containerId).exec({ Cmd: argv, AttachStdout: true, AttachStderr: true, Tty: false });
      const stream = await exec.start({ hijack: true, stdin: false });
      let truncated = false;
      const collector = () => {
        const chunks: Buffer[] = [];
        let size = 0;
        const sink = new PassThrough();
        sink.on('data', (chunk: Buffer) => {
          if (size >= maxBytes) {
            truncated = true;
            return;
          }
          const kept = chunk.subarray(0, maxBytes - size);
          if (kept.length < chunk.length) truncated = true;
          chunks.push(kept);
          size += kept.length;
        });
        return { sink, bytes: () => Buffer.concat(chunks) };
      };
      const out = collector();
      const err = collector();
      await new Promise<void>((resolve, reject) => {
        this.docker.modem.demuxStream(stream, out.sink, err.sink);
        stream.on('end', () => resolve());
        stream.on('close', () => resolve());
        stream.on('error', reject);
      });
      const { ExitCode } = await exec.inspect();
      return { exitCode: ExitCode ?? -1, stdout: out.bytes(), stderr: err.bytes(), truncated };
    });
  }
}
