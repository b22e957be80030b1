import type { EnclaveContext } from '@kurtosis-ts/engine-client';

/** A module that answers one command: Execute(params) → result, both JSON by convention. */
export interface ExecutableKurtosisModule {
  execute(enclaveContext: EnclaveContext, serializedParams: string): Promise<string>;
}

/** Builds the module from its load params (serializedCustomParams). */
export interface KurtosisModuleConfigurator {
  parseParamsAndCreateExecutableModule(serializedCustomParams: string): Promise<ExecutableKurtosisModule>;
}
