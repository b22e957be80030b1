// Hands out the free addresses of one enclave subnet. The network address, the gateway (first host)
// and the broadcast address are never handed out; neither is anything marked taken.
import { exhausted } from '../errors/domain-error';
import { blockSize, cidrContains, formatIpv4, parseCidr, parseIpv4 } from './ipv4';
import type { Cidr } from './ipv4';

export class FreeIpTracker {
  private readonly cidr: Cidr;
  private readonly taken = new Set<number>();

  constructor(subnet: string, alreadyTaken: Iterable<string> = []) {
    this.cidr = parseCidr(subnet);
    for (const ip of alreadyTaken) this.markTaken(ip);
  }

  /** The gateway Docker gives a bridge network by default: the subnet's first host. */
  get gatewayIp(): string {
    return formatIpv4(this.cidr.base + 1);
  }

  /** The address after the gateway, where each enclave's API container lives. */
  get apiContainerIp(): string {
    return formatIpv4(this.cidr.base + 2);
  }

  markTaken(ip: string): void {
    const value = parseIpv4(ip);
    if (!cidrContains(this.cidr, value)) throw new Error(`IP ${ip} is outside subnet ${formatIpv4(this.cidr.base)}/${this.cidr.prefix}`);
    this.taken.add(value);
  }

  /** Reserves and returns the lowest free address; throws an 'exhausted' DomainError when the subnet is full. */
  takeFreeIp(): string {
    const first = this.cidr.base + 2; // skip network address and gateway
    const last = this.cidr.base + blockSize(this.cidr.prefix) - 2; // skip broadcast
    for (let ip = first; ip <= last; ip++) {
      if (!this.taken.has(ip)) {
        this.taken.add(ip);
        return formatIpv4(ip);
      }
    }
    throw exhausted(`No free IP address is left in subnet ${formatIpv4(this.cidr.base)}/${this.cidr.prefix}`);
  }

  release(ip: string): void {
    this.taken.delete(parseIpv4(ip));
  }

  isTaken(ip: string): boolean {
    return this.taken.has(parseIpv4(ip));
  }
}
