import { quoteList } from './quoted-list';

describe('quoteList', () => {
  it('quotes every value of a short list', () => {
    expect(quoteList(['a', 'b'])).toBe("'a', 'b'");
    expect(quoteList([])).toBe('');
  });

  it('lists the first values, says how many more, and cuts long ones', () => {
    const many = Array.from({ length: 1000 }, (_, i) => `s${i}`);
    expect(quoteList(many, 3)).toBe("'s0', 's1', 's2', … and 997 more");
    expect(quoteList(['x'.repeat(100 * 1024)])).toBe(`'${'x'.repeat(64)}…' (102400 characters)`);
    expect(quoteList(Array(1000).fill('y'.repeat(1000))).length).toBeLessThan(1000);
    expect(quoteList(['x', 'y', 'z'], 2, (id) => id)).toBe('x, y, … and 1 more');
  });
});
