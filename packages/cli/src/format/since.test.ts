import { UsageError } from '../errors/cli-errors';
import { parseSince, parseTail } from './since';

describe('parseSince', () => {
  const now = Date.UTC(2026, 11, 1, 12, 0, 0);

  it.each([
    ['90s', now - 90_000],
    ['10m', now - 600_000],
    ['1h30m', now - 5_400_000],
    ['2026-12-01T08:00:00Z', Date.UTC(2026, 11, 1, 8)],
  ])('%p', (value, ms) => {
    expect(parseSince(value, now)).toBe(ms);
  });

  it.each(['yesterday', '10x', '-5m'])('refuses %p as a usage error', (value) => {
    expect(() => parseSince(value, now)).toThrow(UsageError);
  });
});

describe('parseTail', () => {
  it('takes a number of lines or all', () => {
    expect(parseTail('20')).toBe(20);
    expect(parseTail('0')).toBe(0);
    expect(parseTail('all')).toBeUndefined();
    expect(() => parseTail('-1')).toThrow(UsageError);
  });
});
