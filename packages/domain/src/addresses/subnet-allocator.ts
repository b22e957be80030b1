// Picks the subnet of a new enclave network: a /24 from the private ranges Docker itself uses
// (172.16.0.0/12, then 192.168.0.0/16), never a public range, never overlapping a network that exists.
import { cidrsOverlap, formatCidr, parseCidr } from './ipv4';
import type { Cidr } from './ipv4';

export const ENCLAVE_SUBNET_PREFIX = 24;
export const ENCLAVE_SUBNET_POOLS = ['172.16.0.0/12', '192.168.0.0/16'] as const;

/** Every candidate subnet in order of preference. */
export function* candidateSubnets(pools: readonly string[] = ENCLAVE_SUBNET_POOLS, prefix = ENCLAVE_SUBNET_PREFIX): Generator<Cidr> {
  const step = 2 ** (32 - prefix);
  for (const poolText of pools) {
    const pool = parseCidr(poolText);
    const end = pool.base + 2 ** (32 - pool.prefix);
    for (let base = pool.base; base < end; base += step) yield { base, prefix };
  }
}

/**
 * The first candidate overlapping none of `taken` (CIDRs of existing networks) nor `excluded`
 * (subnets this process is creating right now, or that Docker just refused).
 * Returns undefined when the private ranges are exhausted.
 */
export function chooseFreeSubnet(taken: readonly string[], excluded: readonly string[] = []): string | undefined {
  const busy = [...taken, ...excluded].map(parseCidr);
  for (const candidate of candidateSubnets()) {
    if (!busy.some((b) => cidrsOverlap(b, candidate))) return formatCidr(candidate);
  }
  return undefined;
}
