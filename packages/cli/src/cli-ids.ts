// The IDs a user types, as the domain's typed IDs: an ID no object can have is a usage error (exit 2),
// found before anything is asked.
import { isDomainError, parseId } from '@kurtosis-ts/domain';
import type { EnclaveId } from '@kurtosis-ts/domain';
import { UsageError } from './errors/cli-errors';

export function enclaveIdArg(raw: string): EnclaveId {
  try {
    return parseId('enclave', raw);
  } catch (err) {
    throw isDomainError(err) ? new UsageError(err.message) : err;
  }
}
