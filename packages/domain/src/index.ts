// @kurtosis-ts/domain: what every layer shares and nothing below it knows — typed IDs and their
// rules, DomainError, the address rules of an enclave subnet, a serial queue, bounded quoting.
export * from './errors/domain-error';
export * from './ids/object-ids';
export type { PortProtocol, PortSpec } from './ports/port-spec';
export { FreeIpTracker } from './addresses/free-ip-tracker';
export { candidateSubnets, chooseFreeSubnet, ENCLAVE_SUBNET_POOLS, ENCLAVE_SUBNET_PREFIX } from './addresses/subnet-allocator';
export { cidrContains, cidrsOverlap, formatCidr, formatIpv4, parseCidr, parseIpv4 } from './addresses/ipv4';
export type { Cidr } from './addresses/ipv4';
export { SerialQueue } from './concurrency/serial-queue';
export { MAX_QUOTED_CHARS, quoteValue } from './text/quoted-value';
export { formatImageReference, parseImageReference, registryOf } from './images/image-reference';
export type { ImageReference } from './images/image-reference';
