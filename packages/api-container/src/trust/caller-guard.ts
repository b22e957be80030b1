// Puts the caller policy in front of every RPC of a service implementation, so no RPC (today's or
// one added later) can be served without it. Every RPC we serve is unary.
import type { handleUnaryCall, sendUnaryData, ServerUnaryCall, UntypedServiceImplementation } from '@grpc/grpc-js';
import { permissionDenied } from '@kurtosis-ts/protos';
import type { Logger } from 'pino';
import type { CallerPolicy } from './caller-policy';

export function guardService<S extends UntypedServiceImplementation>(implementation: S, policy: CallerPolicy, log: Logger): S {
  const guarded: UntypedServiceImplementation = {};
  for (const [name, handler] of Object.entries(implementation)) {
    const unary = handler as handleUnaryCall<unknown, unknown>;
    guarded[name] = (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
      const peer = call.getPeer();
      const denial = policy.explainDenied(peer, rpcName(name));
      if (denial === undefined) {
        unary(call, callback);
        return;
      }
      log.warn({ rpc: rpcName(name), peer }, denial);
      callback(permissionDenied(denial).toServiceError(), null);
    };
  }
  return guarded as S;
}

/** "registerService" → "RegisterService", as the RPC is named on the wire. */
function rpcName(method: string): string {
  return method.charAt(0).toUpperCase() + method.slice(1);
}
