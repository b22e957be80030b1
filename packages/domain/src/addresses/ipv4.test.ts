import { blockSize, cidrContains, cidrsOverlap, formatCidr, formatIpv4, parseCidr, parseIpv4 } from './ipv4';

describe('parseIpv4 / formatIpv4', () => {
  it.each([
    ['0.0.0.0', 0],
    ['0.0.0.1', 1],
    ['0.0.1.0', 256],
    ['10.0.0.1', 167772161],
    ['172.16.0.0', 2886729728],
    ['255.255.255.255', 4294967295],
  ])('%s is %i', (text, value) => {
    expect(parseIpv4(text)).toBe(value);
    expect(formatIpv4(value)).toBe(text);
  });

  it.each(['', '1.2.3', '1.2.3.4.5', '256.0.0.1', '1.2.3.-1', '1.2.3.a', '1.2.3.1000', '1..2.3', ' 1.2.3.4', 'fd00::1'])(
    'refuses %p',
    (text) => {
      expect(() => parseIpv4(text)).toThrow(`'${text}' is not an IPv4 address`);
    },
  );
});

describe('parseCidr / formatCidr', () => {
  it.each([
    ['172.16.0.0/12', '172.16.0.0/12'],
    ['192.168.5.0/24', '192.168.5.0/24'],
    ['10.1.2.3/32', '10.1.2.3/32'],
    ['0.0.0.0/0', '0.0.0.0/0'],
  ])('round-trips %s', (text, formatted) => {
    expect(formatCidr(parseCidr(text))).toBe(formatted);
  });

  it('rounds a host address down to its network address', () => {
    expect(parseCidr('172.17.3.9/16')).toEqual({ base: parseIpv4('172.17.0.0'), prefix: 16 });
  });

  it.each(['10.0.0.0', '10.0.0.0/33', '10.0.0.0/-1', '10.0.0.0/8.5', '10.0.0.0/x', '300.0.0.0/8'])('refuses %p', (text) => {
    expect(() => parseCidr(text)).toThrow(/is not an IPv4/);
  });
});

describe('blockSize', () => {
  it.each([
    [32, 1],
    [30, 4],
    [24, 256],
    [16, 65536],
    [0, 2 ** 32],
  ])('a /%i holds %i addresses', (prefix, size) => {
    expect(blockSize(prefix)).toBe(size);
  });
});

describe('cidrsOverlap', () => {
  it.each([
    ['172.16.0.0/12', '172.17.0.0/16', true],
    ['172.17.0.0/16', '172.16.0.0/12', true],
    ['172.16.0.0/24', '172.16.0.0/24', true],
    ['172.16.0.0/24', '172.16.0.255/32', true],
    ['172.16.0.0/24', '172.16.1.0/24', false],
    ['172.16.1.0/24', '172.16.0.0/24', false],
    ['172.16.0.0/12', '172.32.0.0/24', false],
    ['0.0.0.0/0', '192.168.0.0/24', true],
  ])('%s and %s: %p', (a, b, expected) => {
    expect(cidrsOverlap(parseCidr(a), parseCidr(b))).toBe(expected);
  });
});

describe('cidrContains', () => {
  const cidr = parseCidr('10.0.4.0/24');

  it.each([
    ['10.0.4.0', true],
    ['10.0.4.255', true],
    ['10.0.3.255', false],
    ['10.0.5.0', false],
  ])('10.0.4.0/24 contains %s: %p', (ip, expected) => {
    expect(cidrContains(cidr, parseIpv4(ip))).toBe(expected);
  });
});

describe('parseCidr refuses malformed prefixes', () => {
  it.each(['10.0.0.0/', '10.0.0.0/24/9', '10.0.0.0/ 8', '10.0.0.0/33', '10.0.0.0'])('%p', (text) => {
    expect(() => parseCidr(text)).toThrow(`'${text}' is not an IPv4 CIDR block`);
  });
});
