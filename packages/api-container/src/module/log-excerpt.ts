// A module's last log lines go into error messages, and a module's output is other people's text:
// a line may be megabytes long. The excerpt keeps the last lines, each cut, within a byte budget, so
// the message stays far below what a gRPC status can carry. Pure.

const MAX_LINE_CHARS = 300;
const MAX_EXCERPT_BYTES = 2048;

export function logExcerpt(text: string, maxLines = 20): string {
  const lines = text.split('\n').slice(-maxLines).map((line) => (line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}… (${line.length} characters)` : line));
  // Drop the oldest lines until the rest fits: the last ones say most about why it ended.
  while (lines.length > 1 && Buffer.byteLength(lines.join('\n'), 'utf8') > MAX_EXCERPT_BYTES) lines.shift();
  const excerpt = lines.join('\n');
  return Buffer.byteLength(excerpt, 'utf8') > MAX_EXCERPT_BYTES ? excerpt.slice(0, MAX_EXCERPT_BYTES / 4) : excerpt;
}
