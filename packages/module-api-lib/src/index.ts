export type { ExecutableKurtosisModule, KurtosisModuleConfigurator } from './executable-kurtosis-module';
export { KurtosisModuleExecutor } from './kurtosis-module-executor';
export type { RunningModule } from './kurtosis-module-executor';
export { parseParams, ParamsValidationError, loadParamsSchema } from './module-params';
export type { LoadParams } from './module-params';
export { parseSerializedArgs, SERIALIZED_ARGS_ENV_VAR } from './serialized-args';
export type { ModuleLaunchArgs } from './serialized-args';
export { executeErrorStatus } from './execute-error';
export { randomSeed, seededRandom } from './seeded-random';
export { waitForGrpc } from './wait-for-grpc';
// Module authors need the enclave's API and zod for their params, from one import.
export * from '@kurtosis-ts/engine-client';
export { z } from 'zod';
