import { quoteValue } from './quoted-value';

describe('quoteValue', () => {
  it('quotes short values whole and long ones cut, saying how long they were', () => {
    expect(quoteValue('UPPER/Case:x')).toBe("'UPPER/Case:x'");
    expect(quoteValue('x'.repeat(100 * 1024))).toBe(`'${'x'.repeat(200)}…' (102400 characters)`);
    expect(quoteValue('abcdef', 3)).toBe("'abc…' (6 characters)");
  });
});
