import { randomSeed, seededRandom } from './seeded-random';

describe('seededRandom', () => {
  const take = (random: () => number, n: number) => Array.from({ length: n }, () => random());

  it('repeats its sequence for the same seed and differs for another', () => {
    expect(take(seededRandom(42), 20)).toEqual(take(seededRandom(42), 20));
    expect(take(seededRandom(42), 20)).not.toEqual(take(seededRandom(43), 20));
  });

  it('stays in [0, 1) and spreads over it', () => {
    const values = take(seededRandom(7), 10_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });

  it('gives non-negative integer seeds', () => {
    const seed = randomSeed();
    expect(Number.isInteger(seed)).toBe(true);
    expect(seed).toBeGreaterThanOrEqual(0);
  });
});
