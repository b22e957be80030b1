// The engine's entrypoint: serves EngineService until SIGTERM/SIGINT.
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { DockerKurtosisBackend } from '@kurtosis-ts/container-backend';
import { engineApi, SERVER_READY_MARKER } from '@kurtosis-ts/protos';
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
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`0.0.0.0:${config.listenPort}`, ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  log.info({ port, version: config.version }, `engine listening; ${SERVER_READY_MARKER}`);

  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down');
    // Calls in flight get a few seconds to finish; then the rest are cut off.
    const force = setTimeout(() => server.forceShutdown(), 5_000);
    force.unref();
    server.tryShutdown(() => process.exit(0));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  console.error('The engine failed to start:', err);
  process.exit(1);
});
