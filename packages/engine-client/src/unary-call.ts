// Promise wrappers over the generated callback-style gRPC clients.
import { Metadata } from '@grpc/grpc-js';
import type { CallOptions, ClientUnaryCall, ServiceError } from '@grpc/grpc-js';
import { toKurtosisError } from './kurtosis-error';

type Callback<Res> = (error: ServiceError | null, response: Res) => void;
type UnaryMethod<Req, Res> = (request: Req, metadata: Metadata, options: Partial<CallOptions>, callback: Callback<Res>) => ClientUnaryCall;

export interface CallSettings {
  /** Milliseconds; undefined waits as long as the server takes (executes, waits). */
  timeoutMs?: number;
  /** Sent as gRPC metadata (e.g. the engine session an enclave belongs to). */
  metadata?: Record<string, string>;
}

/** Calls `method` on `client`, rejecting with a KurtosisError that says what was being done. */
export function unaryCall<C, Req, Res>(client: C, method: UnaryMethod<Req, Res>, request: Req, doing: string, settings: CallSettings = {}): Promise<Res> {
  const options: Partial<CallOptions> = settings.timeoutMs === undefined ? {} : { deadline: Date.now() + settings.timeoutMs };
  return new Promise((resolve, reject) =>
    method.call(client, request, toMetadata(settings.metadata), options, (err, response) => (err ? reject(toKurtosisError(err, doing)) : resolve(response))),
  );
}

function toMetadata(entries: Record<string, string> = {}): Metadata {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(entries)) metadata.set(key, value);
  return metadata;
}
