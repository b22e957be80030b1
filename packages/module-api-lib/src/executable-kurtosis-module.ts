import type { EnclaveContext } from '@kurtosis-ts/engine-client';

/** A module that answers one command: Execute(params) → result, both JSON by convention. */
export interface ExecutableKurtosisModule {
  execute(enclaveContext: EnclaveContext, serializedParams: string): Promise<string>;
  /**
   * Optional: called once when the module is told to stop (unloaded, or its enclave stopped), after
   * calls in flight have finished and while the enclave is still reachable — the place to undo what
   * must not outlive the module, such as work it keeps doing in the background.
   */
  shutdown?(enclaveContext: EnclaveContext): Promise<void>;
}

/** Builds the module from its load params (serializedCustomParams). */
export interface KurtosisModuleConfigurator {
  parseParamsAndCreateExecutableModule(serializedCustomParams: string): Promise<ExecutableKurtosisModule>;
}
