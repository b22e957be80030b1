// What the engine asks of the container platform: enclaves, their API containers, the engines that
// share the platform, and the events it supervises API containers by.
import type { EnclaveId, EngineGuid } from '@kurtosis-ts/domain';
import type { CreateApiContainerConfig, CreateEnclaveOptions } from './configs';
import type { PullOutcome } from './images';
import type { ApiContainer, Enclave, EnclaveObject, Engine, EventWatch, RuntimeEvent } from './objects';
import type { ObjectRuntime } from './object-runtime';

export interface EngineBackend extends ObjectRuntime {
  /** Whether this platform can partition an enclave's network (see PartitionSupport). */
  readonly supportsPartitioning: boolean;

  /**
   * Why the platform cannot make an enclave of this (valid) ID, e.g. a name it keeps for itself;
   * undefined when it can. Pure: asked before anything is created.
   */
  explainUnusableEnclaveId(enclaveId: EnclaveId): string | undefined;

  /** Every engine on the platform, running or not. */
  getEngines(): Promise<Engine[]>;
  /** Removes an engine, running or not (gone already is fine): an engine that lives for its sessions removes itself. */
  destroyEngine(guid: EngineGuid): Promise<void>;

  /**
   * Makes the enclave's network (on a free private subnet) and storage. Refuses (exists) when a
   * resource of its names exists that it did not make; rolls back what it made if it fails.
   */
  createEnclave(enclaveId: EnclaveId, options: CreateEnclaveOptions): Promise<Enclave>;
  /** All enclaves, or those with the given IDs. */
  getEnclaves(enclaveIds?: readonly EnclaveId[]): Promise<Enclave[]>;
  /** What has a process in one enclave, or in all of them. */
  getEnclaveObjects(enclaveId?: EnclaveId): Promise<EnclaveObject[]>;
  /** Stops every process of the enclave; they stay for inspection. */
  stopEnclave(enclaveId: EnclaveId): Promise<void>;
  /** Removes everything of the enclave: processes, storage, network. */
  destroyEnclave(enclaveId: EnclaveId): Promise<void>;

  /** Creates and starts the enclave's API container at an address the backend picks; removes it again if starting fails. */
  createApiContainer(enclaveId: EnclaveId, config: CreateApiContainerConfig): Promise<ApiContainer>;
  getApiContainers(enclaveIds?: readonly EnclaveId[]): Promise<ApiContainer[]>;
  /** SIGTERM, then SIGKILL after the timeout; the container is kept. */
  stopApiContainer(enclaveId: EnclaveId, stopTimeoutSeconds: number): Promise<void>;

  /** Calls `onEvent` for every event of our processes, from now on, until stop() or the stream breaks. */
  watchEvents(onEvent: (event: RuntimeEvent) => void): Promise<EventWatch>;

  /** Resolves when the image is present, pulling it if needed; not-found otherwise. */
  ensureImage(image: string): Promise<PullOutcome>;
}
