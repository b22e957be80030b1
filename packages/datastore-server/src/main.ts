// The example datastore's entrypoint: serves DatastoreService on 1323 until SIGTERM/SIGINT.
import { Server } from '@grpc/grpc-js';
import { bindInsecure, DATASTORE_PORT, datastoreApi, exitOnSignals } from '@kurtosis-ts/protos';
import { datastoreService } from './datastore-service';

async function main(): Promise<void> {
  const server = new Server();
  server.addService(datastoreApi.DatastoreServiceService, datastoreService());
  const port = await bindInsecure(server, DATASTORE_PORT);
  console.log(`datastore serving on ${port}`);
  exitOnSignals(server, (signal) => console.log(`datastore shutting down on ${signal}`));
}

main().catch((err: unknown) => {
  console.error('The datastore failed to start:', err);
  process.exit(1);
});
