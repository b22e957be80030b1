// A memory process's output as lines of each stream, the way `docker logs --timestamps` reads a
// container's: each line with the time its first piece was written, cut to MAX_OUTPUT_LINE_CHARS;
// a last line still without its newline comes out when the reading ends. Pure.
import { MAX_OUTPUT_LINE_CHARS } from '../backend/objects';
import type { OutputLine, OutputStreamName } from '../backend/objects';

export interface OutputChunk {
  atMs: number;
  stream: OutputStreamName;
  text: string;
}

export class LineAssembler {
  private readonly partial: Record<OutputStreamName, { text: string; atMs: number } | undefined> = { stdout: undefined, stderr: undefined };

  constructor(private readonly onLine: (line: OutputLine) => void) {}

  push(chunk: OutputChunk): void {
    const pieces = chunk.text.split('\n');
    const last = pieces.pop() ?? '';
    for (const piece of pieces) {
      const pending = this.partial[chunk.stream];
      this.partial[chunk.stream] = undefined;
      this.emit(chunk.stream, (pending?.text ?? '') + piece, pending?.atMs ?? chunk.atMs);
    }
    if (last) {
      const pending = this.partial[chunk.stream];
      this.partial[chunk.stream] = { text: (pending?.text ?? '') + last, atMs: pending?.atMs ?? chunk.atMs };
    }
  }

  /** The lines still without their newline. */
  flush(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      const pending = this.partial[stream];
      this.partial[stream] = undefined;
      if (pending) this.emit(stream, pending.text, pending.atMs);
    }
  }

  private emit(stream: OutputStreamName, text: string, atMs: number): void {
    this.onLine({ stream, line: text.length > MAX_OUTPUT_LINE_CHARS ? text.slice(0, MAX_OUTPUT_LINE_CHARS) : text, timestampMs: atMs });
  }
}

/** Of the lines written so far: those at or after `sinceMs`, then the last `tailLines` of them. */
export function selectLines(lines: readonly OutputLine[], options: { sinceMs?: number; tailLines?: number }): OutputLine[] {
  const since = options.sinceMs ? lines.filter((l) => l.timestampMs >= (options.sinceMs as number)) : [...lines];
  return options.tailLines === undefined ? since : since.slice(Math.max(0, since.length - options.tailLines));
}
