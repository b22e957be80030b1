// Every answer must arrive: error messages travel in HTTP/2 trailers (grpc-message), and a status
// larger than the peer's header-list limit (about 8–64 KiB, depending on the implementation) is
// never delivered — the caller waits until its deadline, or forever without one. So user values are
// quoted short, and whole messages are cut to a bound well below any limit. Pure.

/** How many characters of a user-supplied value a message quotes. */
export const MAX_QUOTED_CHARS = 200;

/** The most a status message may hold, in UTF-8 bytes. */
export const MAX_STATUS_MESSAGE_BYTES = 4096;

/**
 * A user value as messages show it: `'value'`, or its first MAX_QUOTED_CHARS characters and how
 * long it really was: `'aaaa…' (102400 characters)`.
 */
export function quote(value: string, maxChars = MAX_QUOTED_CHARS): string {
  if (value.length <= maxChars) return `'${value}'`;
  return `'${value.slice(0, maxChars)}…' (${value.length} characters)`;
}

/** `message`, cut to at most `maxBytes` UTF-8 bytes with a note saying how much was left out. */
export function boundMessage(message: string, maxBytes = MAX_STATUS_MESSAGE_BYTES): string {
  const bytes = Buffer.byteLength(message, 'utf8');
  if (bytes <= maxBytes) return message;
  const note = ` … (message cut: ${bytes} bytes)`;
  let head = Buffer.from(message, 'utf8').subarray(0, maxBytes - Buffer.byteLength(note, 'utf8')).toString('utf8');
  // A multi-byte character cut in half decodes to U+FFFD; drop it.
  head = head.replace(/\uFFFD+$/, '');
  return `${head}${note}`;
}
