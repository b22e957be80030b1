// serveUnary with this server's one error mapping: how every RPC of ApiContainerService and of the
// lifecycle extension answers.
import type { ServerUnaryCall } from '@grpc/grpc-js';
import { serveUnary as serveUnaryWith } from '@kurtosis-ts/protos';
import type { StatusError } from '@kurtosis-ts/protos';
import { toStatusError } from './to-status-error';

export function serveUnary<Req, Res>(rpc: string, handler: (request: Req, call: ServerUnaryCall<Req, Res>) => Promise<Res>, onError?: (err: StatusError, rpc: string) => void) {
  return serveUnaryWith(rpc, handler, onError, toStatusError);
}
