// Validation of CreateEnclaveArgs, before anything is created. Pure.
import { invalid, parseId } from '@kurtosis-ts/domain';
import type { EnclaveId } from '@kurtosis-ts/domain';
import { quote } from '@kurtosis-ts/protos';
import type { engineApi } from '@kurtosis-ts/protos';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'warning', 'error', 'fatal', 'panic'] as const;
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export interface CreateEnclaveRequest {
  enclaveId: EnclaveId;
  apiContainerVersionTag: string;
  logLevel: string;
  isPartitioningEnabled: boolean;
}

/**
 * Throws an 'invalid' DomainError naming the bad field; "" means the default for tag and log level.
 * `explainUnusableId` is the platform's own rule (EngineBackend.explainUnusableEnclaveId).
 */
export function parseCreateEnclaveArgs(
  args: engineApi.CreateEnclaveArgs,
  defaultVersionTag: string,
  explainUnusableId: (enclaveId: EnclaveId) => string | undefined = () => undefined,
): CreateEnclaveRequest {
  const enclaveId = parseId('enclave', args.enclaveId);
  const unusable = explainUnusableId(enclaveId);
  if (unusable) throw invalid(unusable);
  const tag = args.apiContainerVersionTag || defaultVersionTag;
  if (!IMAGE_TAG.test(tag)) {
    throw invalid(`api_container_version_tag ${quote(tag)} is not a valid image tag`);
  }
  const logLevel = (args.apiContainerLogLevel || 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw invalid(`api_container_log_level ${quote(args.apiContainerLogLevel)} is not one of ${LOG_LEVELS.join(', ')}`);
  }
  return { enclaveId, apiContainerVersionTag: tag, logLevel, isPartitioningEnabled: args.isPartitioningEnabled };
}
