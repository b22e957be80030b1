// IPv4 addresses as unsigned 32-bit numbers, and CIDR blocks over them.
import { quoteValue } from '../text/quoted-value';

export interface Cidr {
  base: number; // network address
  prefix: number; // 0..32
}

export function parseIpv4(text: string): number {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) {
    throw new Error(`${quoteValue(text)} is not an IPv4 address`);
  }
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

export function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

export function parseCidr(text: string): Cidr {
  const match = /^([0-9.]+)\/(\d{1,2})$/.exec(text);
  const prefix = Number(match?.[2]);
  if (!match || prefix > 32) throw new Error(`${quoteValue(text)} is not an IPv4 CIDR block`);
  const size = blockSize(prefix);
  return { base: Math.floor(parseIpv4(match[1]) / size) * size, prefix };
}

export function formatCidr(cidr: Cidr): string {
  return `${formatIpv4(cidr.base)}/${cidr.prefix}`;
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  const aEnd = a.base + blockSize(a.prefix);
  const bEnd = b.base + blockSize(b.prefix);
  return a.base < bEnd && b.base < aEnd;
}

export function cidrContains(cidr: Cidr, ip: number): boolean {
  return ip >= cidr.base && ip < cidr.base + blockSize(cidr.prefix);
}
