// Readiness of a gRPC server a module started (a service in its enclave). grpc-js connects, and
// reconnects with backoff, until the channel is READY (an HTTP/2 connection to a serving process) or
// the deadline passes: no retry loop of our own. Every module needs this once it starts a gRPC
// service, so it lives here once rather than as a copy in each generated module.
import { Client, credentials } from '@grpc/grpc-js';

/** Resolves once `address` (host:port) accepts gRPC connections; rejects at `deadline` (epoch ms). */
export function waitForGrpc(address: string, deadline: number): Promise<void> {
  const client = new Client(address, credentials.createInsecure(), {
    'grpc.initial_reconnect_backoff_ms': 50,
    'grpc.max_reconnect_backoff_ms': 500,
  });
  return new Promise<void>((resolve, reject) =>
    client.waitForReady(deadline, (err) => {
      client.close();
      if (err) reject(new Error(`${address} did not accept gRPC connections by the deadline: ${err.message}`, { cause: err }));
      else resolve();
    }),
  );
}
