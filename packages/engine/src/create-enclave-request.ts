// Validation of CreateEnclaveArgs, before anything is created. Pure.
import { explainInvalidId } from '@kurtosis-ts/container-backend';
import { invalidArgument, quote } from '@kurtosis-ts/protos';
import type { engineApi } from '@kurtosis-ts/protos';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'warning', 'error', 'fatal', 'panic'] as const;
const DOCKER_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
/**
 * An enclave's network is named after its ID, and Docker keeps these names for its own networks
 * (`default` is what Docker calls a container's network mode when none is given).
 */
export const RESERVED_ENCLAVE_IDS: readonly string[] = ['bridge', 'host', 'none', 'default'];

export interface CreateEnclaveRequest {
  enclaveId: string;
  apiContainerVersionTag: string;
  logLevel: string;
  isPartitioningEnabled: boolean;
}

/** Throws INVALID_ARGUMENT naming the bad field; "" means the default for tag and log level. */
export function parseCreateEnclaveArgs(args: engineApi.CreateEnclaveArgs, defaultVersionTag: string): CreateEnclaveRequest {
  const idProblem = explainInvalidId('enclave', args.enclaveId);
  if (idProblem) throw invalidArgument(idProblem);
  if (RESERVED_ENCLAVE_IDS.includes(args.enclaveId)) {
    throw invalidArgument(`enclave ID '${args.enclaveId}' is reserved by Docker for its own networks; the reserved IDs are ${RESERVED_ENCLAVE_IDS.join(', ')}`);
  }
  const tag = args.apiContainerVersionTag || defaultVersionTag;
  if (!DOCKER_TAG.test(tag)) {
    throw invalidArgument(`api_container_version_tag ${quote(tag)} is not a valid image tag`);
  }
  const logLevel = (args.apiContainerLogLevel || 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw invalidArgument(`api_container_log_level ${quote(args.apiContainerLogLevel)} is not one of ${LOG_LEVELS.join(', ')}`);
  }
  return { enclaveId: args.enclaveId, apiContainerVersionTag: tag, logLevel, isPartitioningEnabled: args.isPartitioningEnabled };
}
