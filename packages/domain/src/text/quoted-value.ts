// What callers sent (image references, argv, container names) goes into error messages, and an
// error must always fit in the status that carries it: values are quoted at most this long, like
// `quote()` of @kurtosis-ts/protos (which sits beside this package, not above it). Pure.

export const MAX_QUOTED_CHARS = 200;

/** `'value'`, or its first MAX_QUOTED_CHARS characters and how long it was: `'aaa…' (102400 characters)`. */
export function quoteValue(value: string, maxChars = MAX_QUOTED_CHARS): string {
  if (value.length <= maxChars) return `'${value}'`;
  return `'${value.slice(0, maxChars)}…' (${value.length} characters)`;
}
