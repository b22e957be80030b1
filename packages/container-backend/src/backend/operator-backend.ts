// What the CLI and the test kits ask of the container platform directly, because no API offers it:
// starting and removing engines, and looking into enclaves (their objects, logs, shells, dumps).
import type { EnclaveId, EngineGuid } from '@kurtosis-ts/domain';
import type { CreateEngineConfig } from './configs';
import type { PullImageOptions, PullOutcome } from './images';
import type { ApiContainer, Enclave, EnclaveModule, EnclaveObject, Engine, UserService } from './objects';
import type { ObjectRuntime } from './object-runtime';

export interface OperatorBackend extends ObjectRuntime {
  /** Creates and starts an engine, published for host clients; removes it again if starting fails. */
  createEngine(config: CreateEngineConfig): Promise<Engine>;
  getEngines(): Promise<Engine[]>;
  /** Removes an engine, running or not (gone already is fine). */
  destroyEngine(guid: EngineGuid): Promise<void>;

  getEnclaves(enclaveIds?: readonly EnclaveId[]): Promise<Enclave[]>;
  getEnclaveObjects(enclaveId?: EnclaveId): Promise<EnclaveObject[]>;
  getApiContainers(enclaveIds?: readonly EnclaveId[]): Promise<ApiContainer[]>;
  getUserServices(enclaveId: EnclaveId): Promise<UserService[]>;
  getModules(enclaveId: EnclaveId): Promise<EnclaveModule[]>;
  /** Removes everything of the enclave (cleaning up after tests). */
  destroyEnclave(enclaveId: EnclaveId): Promise<void>;

  ensureImage(image: string): Promise<PullOutcome>;
  /**
   * Makes the image present: nothing when it is (under that reference), else a pull with each
   * layer's progress. Invalid for a malformed reference (nothing asked of a registry); not-found for
   * an unknown repository or tag, unavailable when the registry cannot be reached, unauthenticated
   * without accepted credentials and permission when the registry refuses them — each naming the
   * reference and the registry.
   */
  pullImage(image: string, options?: PullImageOptions): Promise<PullOutcome>;
}
