import { chainName, dropProbability, egressRulesTransaction } from './sidecar-rules';

describe('egressRulesTransaction', () => {
  it('creates the first chain and jumps to it from OUTPUT', () => {
    expect(egressRulesTransaction(new Map([['172.16.0.5', 100]]), 0)).toBe(
      ['*filter', ':KURTOSIS-0 - [0:0]', '-A KURTOSIS-0 -d 172.16.0.5/32 -j DROP', '-I OUTPUT 1 -j KURTOSIS-0', 'COMMIT', ''].join('\n'),
    );
  });

  it('swaps in a fresh chain with one rule replacement, then retires the old one', () => {
    const text = egressRulesTransaction(new Map([['172.16.0.10', 50], ['172.16.0.9', 100]]), 4, 3);
    expect(text.split('\n')).toEqual([
      '*filter',
      ':KURTOSIS-4 - [0:0]',
      '-A KURTOSIS-4 -d 172.16.0.9/32 -j DROP',
      '-A KURTOSIS-4 -d 172.16.0.10/32 -m statistic --mode random --probability 0.500000 -j DROP',
      '-R OUTPUT 1 -j KURTOSIS-4',
      '-F KURTOSIS-3',
      '-X KURTOSIS-3',
      'COMMIT',
      '',
    ]);
  });

  it('writes no rule for an open connection, leaving an empty chain', () => {
    expect(egressRulesTransaction(new Map([['172.16.0.5', 0]]), 1, 0)).not.toContain('-A KURTOSIS-1');
  });

  it.each([
    [100, '1.000000'],
    [50, '0.500000'],
    [12.5, '0.125000'],
    [0.1, '0.001000'],
  ])('turns %p%% into probability %s', (loss, probability) => {
    expect(dropProbability(loss)).toBe(probability);
  });

  it('names chains by generation', () => {
    expect(chainName(7)).toBe('KURTOSIS-7');
  });
});
