import { PortProtocol, PortSpec } from '@kurtosis-ts/engine-client';
import { UsageError } from './errors/cli-errors';
import { parseEnvFlags, parsePortFlags } from './service-flags';

describe('parsePortFlags', () => {
  it('reads id=number with TCP by default and an optional protocol', () => {
    expect(parsePortFlags(['http=8080', 'dns=53/udp', 's=9/SCTP'])).toEqual(
      new Map([
        ['http', new PortSpec(8080, PortProtocol.TCP)],
        ['dns', new PortSpec(53, PortProtocol.UDP)],
        ['s', new PortSpec(9, PortProtocol.SCTP)],
      ]),
    );
  });

  it.each(['http', 'http=0', 'http=70000', 'a:b=80', '=80', 'http=80/icmp', 'http=eighty'])('refuses %p', (value) => {
    expect(() => parsePortFlags([value])).toThrow(UsageError);
  });

  it('refuses one ID twice', () => {
    expect(() => parsePortFlags(['a=1', 'a=2'])).toThrow("names 'a' twice");
  });
});

describe('parseEnvFlags', () => {
  it('splits at the first =', () => {
    expect(parseEnvFlags(['A=1', 'URL=http://x/?a=b', 'EMPTY='])).toEqual(new Map([['A', '1'], ['URL', 'http://x/?a=b'], ['EMPTY', '']]));
  });

  it.each(['A', '=1'])('refuses %p', (value) => {
    expect(() => parseEnvFlags([value])).toThrow('is not KEY=value');
  });
});
