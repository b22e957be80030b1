// Adapts an async handler to grpc-js's callback style. Whatever it throws becomes a status error
// through `toStatusError`, so no call is ever left unanswered and no handler can crash the server.
import type { handleUnaryCall, sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import { invalidArgument } from './status-error';
import type { StatusError } from './status-error';
import { toStatusError as defaultToStatusError } from './to-status-error';
import { whyUndecodable } from './undecodable-request';

export type ToStatusError = (err: unknown, rpcName: string) => StatusError;

export function serveUnary<Req, Res>(
  rpcName: string,
  handler: (request: Req, call: ServerUnaryCall<Req, Res>) => Promise<Res>,
  onError?: (err: StatusError, rpcName: string) => void,
  toStatusError: ToStatusError = defaultToStatusError,
): handleUnaryCall<Req, Res> {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
    let answered = false;
    const answer = (err: StatusError | null, response?: Res) => {
      if (answered) return;
      answered = true;
      if (err) {
        onError?.(err, rpcName);
        callback(err.toServiceError(), null);
      } else {
        callback(null, response);
      }
    };
    const undecodable = whyUndecodable(call.request);
    if (undecodable) {
      answer(invalidArgument(`${rpcName}: ${undecodable}`));
      return;
    }
    Promise.resolve()
      .then(() => handler(call.request, call))
      .then(
        (response) => answer(null, response),
        (err: unknown) => answer(toStatusError(err, rpcName)),
      );
  };
}
