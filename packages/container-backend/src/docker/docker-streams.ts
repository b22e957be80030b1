// Docker multiplexes a non-TTY container's stdout and stderr into frames:
// [stream type (1 byte), 0, 0, 0, payload length (4 bytes, big-endian)] then the payload.

/** The payloads of every complete frame in `buffer`, concatenated in order. */
export function demuxFrames(buffer: Buffer): { text: string; rest: Buffer } {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(offset + 4);
    if (offset + 8 + size > buffer.length) break;
    parts.push(buffer.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return { text: Buffer.concat(parts).toString('utf8'), rest: buffer.subarray(offset) };
}

/** Incrementally demultiplexes a stream of frames that may be split anywhere. */
export class FrameDecoder {
  private pending = Buffer.alloc(0);

  push(chunk: Buffer): string {
    const { text, rest } = demuxFrames(Buffer.concat([this.pending, chunk]));
    this.pending = Buffer.from(rest);
    return text;
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
    if (this.lines.length > this.max) this.lines = this.lines.slice(-this.max);
  }

  toString(): string {
    return [...this.lines, ...(this.partial ? [this.partial] : [])].slice(-this.max).join('\n');
  }
}
