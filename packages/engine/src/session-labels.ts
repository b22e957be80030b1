// Which session a CreateEnclave comes from, and the label that records it on the enclave. The
// session ID travels as gRPC metadata (engine_api's messages stay as the original protocol has
// them); the EngineService handlers run inside an AsyncLocalStorage scope holding it, and the backend
// the EnclaveManager uses adds it to the enclave it creates. So enclave-manager.ts knows nothing of it.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Metadata, sendUnaryData, ServerUnaryCall, UntypedServiceImplementation, handleUnaryCall } from '@grpc/grpc-js';
import type { CreateEnclaveOptions, EngineBackend } from '@kurtosis-ts/container-backend';
import type { EnclaveId } from '@kurtosis-ts/domain';
import { failedPrecondition, invalidArgument } from '@kurtosis-ts/protos';
import { explainInvalidSessionId } from './session-reap-plan';

export const SESSION_METADATA_KEY = 'kurtosis-ts-session-id';

/** The session named in a call's metadata ("" when none); undefined+problem when it is malformed. */
export function sessionIdOf(metadata: Metadata): { sessionId: string } | { problem: string } {
  const values = metadata.get(SESSION_METADATA_KEY);
  if (values.length === 0) return { sessionId: '' };
  const sessionId = String(values[0]);
  const problem = explainInvalidSessionId(sessionId);
  return problem ? { problem: `metadata ${SESSION_METADATA_KEY}: ${problem}` } : { sessionId };
}

export class SessionLabels {
  private readonly current = new AsyncLocalStorage<string>();

  constructor(private readonly isOpen: (sessionId: string) => boolean) {}

  /**
   * Runs every handler of the service in the scope of its call's session. A call naming a session
   * that is not open here is refused before it does anything: its enclave would be reaped at once.
   */
  tagCalls<S extends UntypedServiceImplementation>(implementation: S): S {
    const tagged: UntypedServiceImplementation = {};
    for (const [name, handler] of Object.entries(implementation)) {
      const unary = handler as handleUnaryCall<unknown, unknown>;
      tagged[name] = (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
        const found = sessionIdOf(call.metadata);
        if ('problem' in found) return callback(invalidArgument(found.problem).toServiceError(), null);
        if (found.sessionId && !this.isOpen(found.sessionId)) {
          return callback(failedPrecondition(`Session '${found.sessionId}' is not open on this engine; open it with KeepSession first`).toServiceError(), null);
        }
        this.current.run(found.sessionId, () => unary(call, callback));
      };
    }
    return tagged as S;
  }

  /** The backend, with every enclave it creates owned by the session of the call at hand. */
  labelling<B extends EngineBackend>(backend: B): B {
    const sessionOf = () => this.current.getStore() ?? '';
    return new Proxy(backend, {
      get(target, property, receiver) {
        if (property === 'createEnclave') {
          return (enclaveId: EnclaveId, options: CreateEnclaveOptions) =>
            target.createEnclave(enclaveId, sessionOf() ? { ...options, sessionId: sessionOf() } : options);
        }
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  }
}
