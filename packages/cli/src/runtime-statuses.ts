// The runtime statuses an enclave's API container reports through our lifecycle extension. When
// there is no such report — no engine runs, the API container does not run (a stopped enclave), or it
// is one of the original Kurtosis, which does not serve the extension (UNIMPLEMENTED) — the listings
// fall back to what Docker lists, without exit codes.
import { KurtosisError, StatusCode } from '@kurtosis-ts/engine-client';
import type { EnclaveContext, ModuleRuntimeStatus, ServiceRuntimeStatus } from '@kurtosis-ts/engine-client';
import { CliFailure } from './cli-errors';
import { withEnclave } from './engine-lifecycle';

async function reported<T>(enclaveId: string, ask: (enclave: EnclaveContext) => Promise<T>): Promise<T | undefined> {
  try {
    return await withEnclave(enclaveId, ask);
  } catch (err) {
    if (err instanceof CliFailure) return undefined; // no engine runs
    if (err instanceof KurtosisError && (err.code === StatusCode.UNIMPLEMENTED || err.code === StatusCode.FAILED_PRECONDITION)) return undefined;
    throw err;
  }
}

export function runtimeServiceStatuses(enclaveId: string): Promise<Map<string, ServiceRuntimeStatus> | undefined> {
  return reported(enclaveId, (enclave) => enclave.getServiceStatuses());
}

export function runtimeModuleStatuses(enclaveId: string): Promise<Map<string, ModuleRuntimeStatus> | undefined> {
  return reported(enclaveId, (enclave) => enclave.getModuleStatuses());
}
