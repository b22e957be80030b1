import { StringDecoder } from 'node:string_decoder';

// Docker multiplexes a non-TTY container's stdout and stderr into frames:
// [stream type (1 byte), 0, 0, 0, payload length (4 bytes, big-endian)] then the payload.

/** The payloads of every complete frame in `buffer`, concatenated in order. */
export function demuxFrames(buffer: Buffer): { text: string; rest: Buffer } {
  const { payloads, rest } = framePayloads(buffer);
  return { text: Buffer.concat(payloads).toString('utf8'), rest };
}

/** The payloads of every complete frame in `buffer`, and what is left of an incomplete one. */
function framePayloads(buffer: Buffer): { payloads: Buffer[]; rest: Buffer } {
  const payloads: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(offset + 4);
    if (offset + 8 + size > buffer.length) break;
    payloads.push(buffer.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return { payloads, rest: buffer.subarray(offset) };
}

/**
 * Incrementally demultiplexes a stream of frames that may be split anywhere, even inside a
 * multi-byte UTF-8 character (which is held back until its last byte arrives).
 */
export class FrameDecoder {
  private pending = Buffer.alloc(0);
  private readonly utf8 = new StringDecoder('utf8');

  push(chunk: Buffer): string {
    const { payloads, rest } = framePayloads(Buffer.concat([this.pending, chunk]));
    this.pending = Buffer.from(rest);
    return payloads.map((p) => this.utf8.write(p)).join('');
  }
}

/** Keeps the last `max` lines of text fed to it. */
export class LineTail {
  private lines: string[] = [];
  private partial = '';

  constructor(private readonly max: number) {}

  push(text: string): void {
    const pieces = (this.partial + text).split('\n');
    this.partial = pieces.pop() ?? '';
    this.lines.push(...pieces);
    if (this.lines.length > this.max) this.lines = this.max > 0 ? this.lines.slice(-this.max) : [];
  }

  toString(): string {
    if (this.max <= 0) return '';
    return [...this.lines, ...(this.partial ? [this.partial] : [])].slice(-this.max).join('\n');
  }
}

/** A line of `docker logs --timestamps`: `2026-12-01T08:55:55.123456789Z text` → [Unix ms, text]; a line without one keeps 0. */
export function splitTimestamp(raw: string): [number, string] {
  const space = raw.indexOf(' ');
  if (space > 0) {
    const ms = Date.parse(raw.slice(0, space));
    if (!Number.isNaN(ms)) return [ms, raw.slice(space + 1)];
  }
  return [0, raw];
}
