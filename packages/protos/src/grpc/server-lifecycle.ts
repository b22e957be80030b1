// Starting and stopping a gRPC server the way every server of ours does: bound on all interfaces
// (the container's port is published on loopback only), shut down gracefully on SIGTERM/SIGINT.
import { ServerCredentials } from '@grpc/grpc-js';
import type { Server } from '@grpc/grpc-js';

export function bindInsecure(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) =>
    server.bindAsync(`0.0.0.0:${port}`, ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))),
  );
}

/** Calls in flight get `graceMs` to finish, then the rest are cut off; the process then exits 0. */
export function exitOnSignals(server: Server, onSignal: (signal: string) => void, graceMs = 5_000): void {
  const shutdown = (signal: string) => {
    onSignal(signal);
    const force = setTimeout(() => server.forceShutdown(), graceMs);
    force.unref();
    server.tryShutdown(() => process.exit(0));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
