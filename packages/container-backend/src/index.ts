export * from './kurtosis-backend';
export * from './backend-error';
export * from './labels';
export * from './object-ids';
export { FreeIpTracker } from './network/free-ip-tracker';
export { chooseFreeSubnet, ENCLAVE_SUBNET_POOLS, ENCLAVE_SUBNET_PREFIX } from './network/subnet-allocator';
export { parseCidr, cidrsOverlap } from './network/ipv4';
export { DockerKurtosisBackend, dataVolumeName } from './docker/docker-kurtosis-backend';
export { SerialQueue } from './serial-queue';
