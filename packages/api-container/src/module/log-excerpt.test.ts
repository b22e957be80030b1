import { logExcerpt } from './log-excerpt';

describe('logExcerpt', () => {
  it('keeps the last lines as they are when they are short', () => {
    const text = Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n');
    expect(logExcerpt(text)).toBe(Array.from({ length: 20 }, (_, i) => `line ${i + 10}`).join('\n'));
  });

  it('cuts a huge line and stays within 2 KiB', () => {
    const excerpt = logExcerpt(`first\n${'x'.repeat(1_000_000)}\nlast`);
    expect(excerpt).toContain('… (1000000 characters)');
    expect(excerpt.endsWith('last')).toBe(true);
    expect(Buffer.byteLength(excerpt)).toBeLessThanOrEqual(2048);
  });

  it('drops the oldest lines first when many long lines do not fit', () => {
    const text = Array.from({ length: 20 }, (_, i) => `${i}:${'y'.repeat(400)}`).join('\n');
    const excerpt = logExcerpt(text);
    expect(Buffer.byteLength(excerpt)).toBeLessThanOrEqual(2048);
    expect(excerpt.split('\n').at(-1)).toMatch(/^19:/);
    expect(excerpt).not.toContain('\n0:');
  });
});
