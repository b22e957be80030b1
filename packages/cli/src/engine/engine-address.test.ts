import { UsageError } from '../errors/cli-errors';
import { engineAddress } from './engine-address';

describe('engineAddress', () => {
  it('is the local engine by default', () => {
    expect(engineAddress(undefined, {})).toEqual({ address: '127.0.0.1:9710', isLocalDefault: true, from: 'default' });
  });

  it('takes --engine over KURTOSIS_ENGINE', () => {
    expect(engineAddress('127.0.0.1:19710', { KURTOSIS_ENGINE: '127.0.0.1:29710' })).toEqual({ address: '127.0.0.1:19710', isLocalDefault: false, from: '--engine' });
    expect(engineAddress(undefined, { KURTOSIS_ENGINE: 'localhost:9710' })).toEqual({ address: '127.0.0.1:9710', isLocalDefault: true, from: 'KURTOSIS_ENGINE' });
  });

  it.each(['9710', 'host:', 'host:99999', 'a b:1'])('refuses %p as a usage error naming where it came from', (value) => {
    expect(() => engineAddress(value, {})).toThrow(UsageError);
    expect(() => engineAddress(undefined, { KURTOSIS_ENGINE: value })).toThrow(/^KURTOSIS_ENGINE /);
  });
});
