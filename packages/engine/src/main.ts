// The engine's entrypoint: serves EngineService until SIGTERM/SIGINT.
import { Server } from '@grpc/grpc-js';
import { DockerKurtosisBackend } from '@kurtosis-ts/container-backend';
import { bindInsecure, engineApi, exitOnSignals, SERVER_READY_MARKER } from '@kurtosis-ts/protos';
import pino from 'pino';
import { EnclaveManager } from './enclave-manager';
import { engineConfigFromEnv } from './engine-config';
import { engineService } from './engine-service';

async function main(): Promise<void> {
  const config = engineConfigFromEnv();
  const log = pino({ name: 'kurtosis-engine', level: config.logLevel });
  const manager = new EnclaveManager(new DockerKurtosisBackend(), config, log);

  const server = new Server();
  server.addService(engineApi.EngineServiceService, engineService(manager, config.version, log));
  const port = await bindInsecure(server, config.listenPort);
  log.info({ port, version: config.version }, `engine listening; ${SERVER_READY_MARKER}`);

  exitOnSignals(server, (signal) => log.info({ signal }, 'shutting down'));
}

main().catch((err: unknown) => {
  console.error('The engine failed to start:', err);
  process.exit(1);
});
