// A running engine container with a connected KurtosisContext. It remembers the enclaves it made,
// so `stop()` leaves nothing behind even when a test forgot (or failed before) its own cleanup.
import { ENGINE_PORT, KurtosisError, StatusCode } from '@kurtosis-ts/engine-client';
import type { EnclaveContext, EngineSession, KurtosisContext } from '@kurtosis-ts/engine-client';
import { AbstractStartedContainer } from 'testcontainers';
import type { StartedTestContainer, StopOptions, StoppedTestContainer } from 'testcontainers';
import { idFromImage, serializeParams, uniqueEnclaveId } from './load-module-options';
import type { LoadModuleOptions } from './load-module-options';
import { ModuleUnderTest } from './module-under-test';

export class StartedKurtosisEngineContainer extends AbstractStartedContainer {
  private readonly enclaveIds = new Set<string>();

  constructor(
    startedTestContainer: StartedTestContainer,
    /** Connected to this engine; closed by `stop()`. */
    readonly kurtosisContext: KurtosisContext,
    /** The engine session every enclave created through `kurtosisContext` belongs to. */
    readonly session: EngineSession,
  ) {
    super(startedTestContainer);
  }

  /** The host port (on 127.0.0.1) of the engine's 9710. */
  getEnginePort(): number {
    return this.getMappedPort(ENGINE_PORT);
  }

  /** Creates an enclave that `stop()` destroys unless `destroyEnclave` did first. */
  async createEnclave(enclaveId: string, isPartitioningEnabled = false): Promise<EnclaveContext> {
    // Remembered before the call: a create that fails late (or times out here) may still leave one.
    this.enclaveIds.add(enclaveId);
    return this.kurtosisContext.createEnclave(enclaveId, isPartitioningEnabled);
  }

  /** Destroys an enclave and everything in it; one that no longer exists is fine. */
  async destroyEnclave(enclaveId: string): Promise<void> {
    try {
      await this.kurtosisContext.destroyEnclave(enclaveId);
    } catch (err) {
      if (!(err instanceof KurtosisError && err.code === StatusCode.NOT_FOUND)) throw err;
    }
    this.enclaveIds.delete(enclaveId);
  }

  /**
   * Creates an enclave (a unique ID unless given) and loads the module image into it. If the load
   * fails, the enclave is destroyed before the error reaches you.
   */
  async loadModuleInEnclave(options: LoadModuleOptions): Promise<ModuleUnderTest> {
    const enclaveId = options.enclaveId ?? uniqueEnclaveId(options.image);
    const moduleId = options.moduleId ?? idFromImage(options.image);
    let enclave: EnclaveContext | undefined;
    try {
      enclave = await this.createEnclave(enclaveId, options.isPartitioningEnabled ?? false);
      const module = await enclave.loadModule(moduleId, options.image, serializeParams(options.loadParams));
      return new ModuleUnderTest(enclave, module, this);
    } catch (err) {
      enclave?.close();
      await this.destroyEnclave(enclaveId).catch(() => undefined);
      throw err;
    }
  }

  /**
   * Destroys every enclave this container created that still exists, closes the client and removes
   * the engine container — the container even when an enclave could not be destroyed.
   */
  override async stop(options?: Partial<StopOptions>): Promise<StoppedTestContainer> {
    const results = await Promise.allSettled([...this.enclaveIds].map((id) => this.destroyEnclave(id)));
    this.kurtosisContext.close();
    const stopped = await super.stop(options);
    // Last: the engine is gone, and with it anything the session could still have reaped.
    await this.session.close();
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failures.length > 0) {
      throw new Error(`Stopping the engine: ${failures.length} enclave(s) could not be destroyed: ${failures.map((f) => String(f.reason)).join('; ')}`);
    }
    return stopped;
  }
}
