import { cidrsOverlap, parseCidr } from './ipv4';
import { candidateSubnets, chooseFreeSubnet, ENCLAVE_SUBNET_POOLS } from './subnet-allocator';

const overlaps = (a: string, b: string) => cidrsOverlap(parseCidr(a), parseCidr(b));

describe('chooseFreeSubnet', () => {
  it('chooses 172.16.0.0/24 when nothing is taken', () => {
    expect(chooseFreeSubnet([])).toBe('172.16.0.0/24');
  });

  it.each([
    ['the first /24', ['172.16.0.0/24'], '172.16.1.0/24'],
    ['Docker’s default bridge', ['172.17.0.0/16'], '172.16.0.0/24'],
    ['both of them', ['172.16.0.0/24', '172.17.0.0/16'], '172.16.1.0/24'],
    ['all of 172.16.0.0/16', ['172.16.0.0/16'], '172.17.0.0/24'],
    ['172.16.0.0/16 and the default bridge', ['172.16.0.0/16', '172.17.0.0/16'], '172.18.0.0/24'],
    ['a /25 inside the first /24', ['172.16.0.128/25'], '172.16.1.0/24'],
    ['a single host address', ['172.16.0.7/32'], '172.16.1.0/24'],
    ['a public range', ['10.0.0.0/8', '8.8.8.0/24'], '172.16.0.0/24'],
  ])('skips subnets overlapping %s', (_, taken, expected) => {
    expect(chooseFreeSubnet(taken)).toBe(expected);
  });

  it('honours excluded subnets like taken ones', () => {
    expect(chooseFreeSubnet([], ['172.16.0.0/24'])).toBe('172.16.1.0/24');
    expect(chooseFreeSubnet(['172.16.0.0/24'], ['172.16.1.0/24', '172.16.2.0/24'])).toBe('172.16.3.0/24');
  });

  it('falls through to 192.168.0.0/24 once 172.16.0.0/12 is all taken', () => {
    expect(chooseFreeSubnet(['172.16.0.0/12'])).toBe('192.168.0.0/24');
  });

  it('falls through to 192.168.x.0/24 when 172.16.0.0/12 is taken through excluded', () => {
    expect(chooseFreeSubnet(['192.168.0.0/24'], ['172.16.0.0/12'])).toBe('192.168.1.0/24');
  });

  it('returns undefined when both pools are taken', () => {
    expect(chooseFreeSubnet(['172.16.0.0/12', '192.168.0.0/16'])).toBeUndefined();
    expect(chooseFreeSubnet(['172.16.0.0/12'], ['192.168.0.0/16'])).toBeUndefined();
  });

  it('never returns a subnet outside the private pools', () => {
    const taken: string[] = [];
    for (let subnet = chooseFreeSubnet(taken); subnet !== undefined; subnet = chooseFreeSubnet(taken)) {
      expect(ENCLAVE_SUBNET_POOLS.some((pool) => overlaps(pool, subnet as string))).toBe(true);
      // Taking a whole /16 at a time keeps the walk through both pools short.
      taken.push(`${subnet.split('.').slice(0, 2).join('.')}.0.0/16`);
    }
    expect(taken).toHaveLength(16 + 1);
  });

  it('gives distinct, non-overlapping subnets on five sequential choices', () => {
    const taken = ['172.17.0.0/16'];
    const chosen: string[] = [];
    for (let i = 0; i < 5; i++) {
      const subnet = chooseFreeSubnet(taken);
      expect(subnet).toBeDefined();
      chosen.push(subnet as string);
      taken.push(subnet as string);
    }
    expect(chosen).toEqual(['172.16.0.0/24', '172.16.1.0/24', '172.16.2.0/24', '172.16.3.0/24', '172.16.4.0/24']);
    for (const [i, a] of chosen.entries()) {
      expect(overlaps(a, '172.17.0.0/16')).toBe(false);
      for (const b of chosen.slice(i + 1)) expect(overlaps(a, b)).toBe(false);
    }
  });
});

describe('candidateSubnets', () => {
  it('walks 172.16.0.0/12 then 192.168.0.0/16 in /24 steps', () => {
    const all = [...candidateSubnets()];
    expect(all).toHaveLength(4096 + 256);
    expect(all[0]).toEqual(parseCidr('172.16.0.0/24'));
    expect(all[4095]).toEqual(parseCidr('172.31.255.0/24'));
    expect(all[4096]).toEqual(parseCidr('192.168.0.0/24'));
    expect(all[all.length - 1]).toEqual(parseCidr('192.168.255.0/24'));
  });
});
