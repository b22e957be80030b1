// What an engine does with the enclaves it finds when it starts (and when it watches the platform again
// after the event stream broke): an engine killed mid-CreateEnclave leaves an enclave half-made, and
// an API container killed while no engine watched stays dead. Pure.
import type { RuntimeState } from '@kurtosis-ts/container-backend';
import { isLookedAfterBy } from './enclave-ownership';

export interface EnclaveFacts {
  enclaveId: string;
  creatorEngineGuid: string;
  /** Undefined when the enclave has no API container. */
  apiContainer?: { state: RuntimeState };
}

export type ReconcileAction =
  | { kind: 'destroy-half-made'; enclaveId: string; reason: string }
  | { kind: 'start-api-container'; enclaveId: string; exitCode: number };

export interface ReconcileContext {
  ownEngineGuid: string;
  runningEngineGuids: readonly string[];
  /** Enclaves this engine is creating, stopping or removing right now: not to be touched. */
  busyEnclaveIds: ReadonlySet<string>;
}

export function planReconcile(enclaves: readonly EnclaveFacts[], context: ReconcileContext): ReconcileAction[] {
  const actions: ReconcileAction[] = [];
  for (const enclave of enclaves) {
    if (context.busyEnclaveIds.has(enclave.enclaveId)) continue;
    if (!isLookedAfterBy(enclave.creatorEngineGuid, context.ownEngineGuid, context.runningEngineGuids)) continue;
    const api = enclave.apiContainer;
    if (!api) {
      actions.push({ kind: 'destroy-half-made', enclaveId: enclave.enclaveId, reason: 'it has a network and volumes but no API container' });
    } else if (api.state.neverStarted) {
      actions.push({ kind: 'destroy-half-made', enclaveId: enclave.enclaveId, reason: 'its API container was created but never started' });
    } else if (api.state.status === 'stopped' && api.state.exitCode !== 0) {
      // Exited 0 is a stop it obeyed (StopEnclave, docker stop): left alone.
      actions.push({ kind: 'start-api-container', enclaveId: enclave.enclaveId, exitCode: api.state.exitCode });
    }
  }
  return actions;
}
