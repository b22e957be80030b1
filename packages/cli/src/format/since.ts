// `--since` as docker takes it: a duration back from now (`90s`, `10m`, `1h30m`) or a date
// (`2026-12-01`, `2026-12-01T08:00:00Z`). Pure.
import { UsageError } from '../errors/cli-errors';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The Unix time in ms that `value` names. */
export function parseSince(value: string, nowMs: number): number {
  if (/^(\d+(ms|s|m|h|d))+$/.test(value)) {
    let total = 0;
    for (const [, amount, unit] of value.matchAll(/(\d+)(ms|s|m|h|d)/g)) total += Number(amount) * UNIT_MS[unit];
    return nowMs - total;
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return ms;
  }
  throw new UsageError(`--since '${value}' is neither a duration (e.g. 10m, 1h30m) nor a date (e.g. 2026-12-01T08:00:00Z)`);
}

export function parseTail(value: string): number | undefined {
  if (value === 'all') return undefined;
  const lines = Number(value);
  if (!Number.isInteger(lines) || lines < 0) throw new UsageError(`--tail must be a number of lines or 'all', not '${value}'`);
  return lines;
}
