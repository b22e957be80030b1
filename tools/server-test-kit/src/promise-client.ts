// Wraps a generated grpc-js client so every unary RPC returns a promise with a deadline.
// (The engine client library will do this properly for users; tests need only this much.)
import { Metadata } from '@grpc/grpc-js';
import type { CallOptions, ClientUnaryCall, ServiceError } from '@grpc/grpc-js';

type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: Res) => void,
) => ClientUnaryCall;

export type PromiseClient<C> = {
  [K in keyof C as C[K] extends UnaryMethod<infer _Req, infer _Res> ? K : never]: C[K] extends UnaryMethod<infer Req, infer Res>
    ? (request: Req, timeoutMs?: number) => Promise<Res>
    : never;
} & { close(): void };

const DEFAULT_TIMEOUT_MS = 60_000;

export function promiseClient<C extends { close(): void }>(client: C): PromiseClient<C> {
  return new Proxy(client, {
    get(target, property) {
      const value = (target as Record<string | symbol, unknown>)[property];
      if (property === 'close' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return (request: unknown, timeoutMs = DEFAULT_TIMEOUT_MS) =>
        new Promise((resolve, reject) =>
          (value as UnaryMethod<unknown, unknown>).call(
            target,
            request,
            new Metadata(),
            { deadline: Date.now() + timeoutMs },
            (err, response) => (err ? reject(err) : resolve(response)),
          ),
        );
    },
  }) as unknown as PromiseClient<C>;
}

/** The gRPC status a promise rejects with, for `expect(...).rejects` tables. */
export async function statusOf(promise: Promise<unknown>): Promise<{ code: number; details: string }> {
  try {
    await promise;
  } catch (err) {
    const e = err as ServiceError;
    return { code: e.code, details: e.details };
  }
  throw new Error('Expected the call to fail, but it succeeded');
}
