// A module loaded into an enclave of its own, for one test: execute it, then destroy the lot.
import type { EnclaveContext, ModuleContext } from '@kurtosis-ts/engine-client';
import { serializeParams } from './load-module-options';

/** Who destroys the enclave: the engine container that created it (and forgets it then). */
export interface EnclaveDestroyer {
  destroyEnclave(enclaveId: string): Promise<void>;
}

export class ModuleUnderTest {
  private destroying: Promise<void> | undefined;

  constructor(
    readonly enclave: EnclaveContext,
    readonly module: ModuleContext,
    private readonly destroyer: EnclaveDestroyer,
  ) {}

  get enclaveId(): string {
    return this.enclave.getEnclaveId();
  }

  get moduleId(): string {
    return this.module.getModuleId();
  }

  /** The module's Execute: a string as is (even an empty one), anything else as JSON. */
  execute(params: string | object): Promise<string> {
    return this.module.execute(serializeParams(params));
  }

  /** The module's Execute, its result parsed as JSON. */
  async executeJson<T = unknown>(params: string | object): Promise<T> {
    const result = await this.execute(params);
    try {
      return JSON.parse(result) as T;
    } catch (err) {
      throw new Error(`Module '${this.moduleId}' returned a result that is not JSON: ${JSON.stringify(result.slice(0, 200))}`, { cause: err });
    }
  }

  /** Unloads the module and destroys its enclave with everything in it. Safe to call again. */
  destroy(): Promise<void> {
    this.destroying ??= this.unloadAndDestroy().catch((err: unknown) => {
      // A later call tries again rather than repeating a failure that may have been transient.
      this.destroying = undefined;
      throw err;
    });
    return this.destroying;
  }

  private async unloadAndDestroy(): Promise<void> {
    try {
      // Lets the module shut down gracefully; destroying the enclave removes its container either way.
      await this.enclave.unloadModule(this.moduleId).catch(() => undefined);
    } finally {
      this.enclave.close();
    }
    await this.destroyer.destroyEnclave(this.enclaveId);
  }
}
