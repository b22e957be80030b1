// One of our operations against the raw-docker work it replaces, and the table that prints them.
import { benchConsole } from './plain-console';
import type { Summary } from './stats';

export const TARGET_RATIO = 1.3;

export interface Comparison {
  name: string;
  ours: Summary;
  raw: Summary;
}

/** Prints p50s, ratios and verdicts; true when every ratio is within the target. */
export function report(comparisons: Comparison[]): boolean {
  const rows = comparisons.map((c) => {
    const ratio = c.ours.p50 / c.raw.p50;
    return {
      benchmark: c.name,
      'kurtosis-ts p50 ms': Math.round(c.ours.p50),
      'raw docker p50 ms': Math.round(c.raw.p50),
      ratio: `${ratio.toFixed(2)}x`,
      target: `<= ${TARGET_RATIO.toFixed(2)}x`,
      verdict: ratio <= TARGET_RATIO ? 'ok' : 'MISSED',
      'ours min..max': `${Math.round(c.ours.min)}..${Math.round(c.ours.max)}`,
      'raw min..max': `${Math.round(c.raw.min)}..${Math.round(c.raw.max)}`,
    };
  });
  benchConsole.table(rows);
  return rows.every((r) => r.verdict === 'ok');
}
