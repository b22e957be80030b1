import { isLookedAfterBy } from './enclave-ownership';

describe('isLookedAfterBy', () => {
  const own = 'aaaaaaaaaaaa';
  const other = 'bbbbbbbbbbbb';
  const running = [own, other];

  it('looks after what it created', () => {
    expect(isLookedAfterBy(own, own, running)).toBe(true);
  });

  it('leaves enclaves of another engine that runs', () => {
    expect(isLookedAfterBy(other, own, running)).toBe(false);
  });

  it('adopts enclaves whose creator no longer runs', () => {
    expect(isLookedAfterBy('cccccccccccc', own, running)).toBe(true);
    expect(isLookedAfterBy(other, own, [running[0]])).toBe(true);
  });

  it('never touches an enclave with no creator (made outside any engine)', () => {
    expect(isLookedAfterBy('', own, running)).toBe(false);
    expect(isLookedAfterBy('', own, [])).toBe(false);
  });
});
