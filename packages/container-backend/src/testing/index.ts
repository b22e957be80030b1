// @kurtosis-ts/container-backend/testing: the in-memory KurtosisBackend, for unit tests of what
// runs above the backend, and the contract suite every backend passes.
export { InMemoryKurtosisBackend } from './in-memory-backend';
export type { ExternalMemoryContainer, InMemoryBackendOptions, MemoryExecAnswer, SessionHandler } from './in-memory-world';
export { MemoryProcess, refKey } from './memory-process';
export type { ProcessSpec } from './memory-process';
export { FaultInjection } from './fault-injection';
export type { MemoryRegistryOptions } from './in-memory-registry';
