// A container's output as its two streams, apart: lines with Docker's timestamps (tail, since,
// follow), and commands whose stdout and stderr are collected separately. Demultiplexed with
// dockerode's own demuxer (DockerClient.demuxStream), since nothing here needs the streams
// interleaved (docker-streams.ts decodes the interleaved form the rest of container I/O reads).
import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import { MAX_OUTPUT_LINE_CHARS } from '../backend/objects';
import type { OutputLine, OutputStreamName, ReadOutputOptions, SeparatedExecResult } from '../backend/objects';
import type { DockerClient } from './client/docker-client';
import { withDockerContext } from './docker-errors';
import { splitTimestamp } from './docker-streams';

/** Calls `onLine` for every line of the container's output, in order per stream; resolves at its end. */
export async function readOutputLines(client: DockerClient, container: string, what: string, options: ReadOutputOptions, onLine: (line: OutputLine) => void): Promise<void> {
  // Docker takes `since` as "<seconds>.<fraction>".
  const since = options.sinceMs ? (options.sinceMs / 1000).toFixed(3) : undefined;
  const source = await withDockerContext(`Reading the output of ${what}`, () =>
    client.timestampedLogs(container, { follow: options.follow, ...(options.tailLines === undefined ? {} : { tail: options.tailLines }), ...(since ? { since } : {}) }),
  );
  const lines = (stream: OutputStreamName, input: PassThrough) =>
    new Promise<void>((resolve) => {
      createInterface({ input, crlfDelay: Infinity })
        .on('line', (text: string) => {
          const [timestampMs, line] = splitTimestamp(text);
          onLine({ stream, line: line.length > MAX_OUTPUT_LINE_CHARS ? line.slice(0, MAX_OUTPUT_LINE_CHARS) : line, timestampMs });
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
    source.destroy();
    end();
  };
  options.signal?.addEventListener('abort', abort, { once: true });
  if (options.signal?.aborted) abort();
  client.demuxStream(source, stdout, stderr);
  source.on('end', end);
  source.on('close', end);
  source.on('error', end);
  try {
    await done;
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
}

/** Keeps what a stream writes up to `maxBytes`; says whether it had to cut. */
class BoundedSink {
  readonly input = new PassThrough();
  private readonly chunks: Buffer[] = [];
  private size = 0;
  truncated = false;
  readonly ended: Promise<void>;

  constructor(private readonly maxBytes: number) {
    this.input.on('data', (chunk: Buffer) => this.keep(chunk));
    this.ended = new Promise((resolve) => this.input.on('end', resolve));
  }

  private keep(chunk: Buffer): void {
    const kept = chunk.subarray(0, Math.max(0, this.maxBytes - this.size));
    if (kept.length < chunk.length) this.truncated = true;
    if (kept.length === 0) return;
    this.chunks.push(kept);
    this.size += kept.length;
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** Runs argv (never through a shell) and collects its stdout and stderr apart, each up to maxBytes. */
export async function execSeparated(client: DockerClient, container: string, doing: string, argv: string[], maxBytes: number): Promise<SeparatedExecResult> {
  return withDockerContext(doing, async () => {
    const { stream, exitCode } = await client.exec(container, { argv, stdin: false, tty: false });
    const out = new BoundedSink(maxBytes);
    const err = new BoundedSink(maxBytes);
    await new Promise<void>((resolve, reject) => {
      client.demuxStream(stream, out.input, err.input);
      stream.on('end', () => resolve());
      stream.on('close', () => resolve());
      stream.on('error', reject);
    });
    // What the demuxer wrote may still be on its way through the sinks.
    out.input.end();
    err.input.end();
    await Promise.all([out.ended, err.ended]);
    return { exitCode: await exitCode(), stdout: out.bytes(), stderr: err.bytes(), truncated: out.truncated || err.truncated };
  });
}
