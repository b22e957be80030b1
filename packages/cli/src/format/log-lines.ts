// How log lines print. `enclave logs` prefixes each line with its source, padded, coloured per source
// on a colour terminal. Module logs are pino JSON; on a terminal they print as readable lines
// (`12:00:01 INFO  module serving port=1111`), and as the JSON itself when piped. Pure.
const PALETTE = [36, 33, 35, 32, 34, 91, 96, 93, 95, 92];
const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const LEVEL_COLOR: Record<string, number> = { WARN: 33, ERROR: 31, FATAL: 31 };
const PINO_KEYS = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'name', 'v']);

const paint = (code: number, text: string, color: boolean) => (color ? `\u001b[${code}m${text}\u001b[39m` : text);

/** A pino JSON line as `HH:MM:SS LEVEL message key=value…`; anything else unchanged. */
export function readablePinoLine(line: string, options: { color: boolean }): string {
  if (!line.startsWith('{')) return line;
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  if (typeof record['level'] !== 'number' || !('msg' in record)) return line;
  const level = LEVELS[record['level']] ?? String(record['level']);
  const time = typeof record['time'] === 'number' ? new Date(record['time']).toISOString().slice(11, 19) : '';
  const extras = Object.entries(record)
    .filter(([key]) => !PINO_KEYS.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  const shownLevel = level.padEnd(5);
  return [time, LEVEL_COLOR[level] ? paint(LEVEL_COLOR[level], shownLevel, options.color) : shownLevel, String(record['msg']), ...extras].filter(Boolean).join(' ');
}

export interface PrefixOptions {
  color: boolean;
  /** Width the source names are padded to. */
  width: number;
  /** Index of the source, which picks its colour. */
  index: number;
  timestampMs?: number;
}

export function prefixedLine(source: string, line: string, options: PrefixOptions): string {
  const name = source.padEnd(options.width);
  const stamp = options.timestampMs ? `${new Date(options.timestampMs).toISOString()} ` : '';
  return `${paint(PALETTE[options.index % PALETTE.length], `${name} |`, options.color)} ${stamp}${line}`;
}
