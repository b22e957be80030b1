// The engine's entrypoint: serves EngineService and our EngineSessionService until SIGTERM/SIGINT.
// The one file that picks the container platform: Docker.
import { Server } from '@grpc/grpc-js';
import { DockerKurtosisBackend } from '@kurtosis-ts/container-backend';
import { answeringUndecodableRequests, bindInsecure, engineApi, engineSessionsApi, exitOnSignals, formatEngineVersion, SERVER_READY_MARKER } from '@kurtosis-ts/protos';
import pino from 'pino';
import { ApiContainerSupervisor } from './api-container-supervisor';
import { EnclaveManager } from './enclave-manager';
import { engineConfigFromEnv } from './engine-config';
import { engineService } from './engine-service';
import { engineSessionService } from './engine-session-service';
import { SessionLabels } from './session-labels';
import { exitAfterIdleMsFromEnv, SessionReaper } from './session-reaper';

async function main(): Promise<void> {
  const config = engineConfigFromEnv();
  const log = pino({ name: 'kurtosis-engine', level: config.logLevel });
  const backend = new DockerKurtosisBackend();
  // Sessions (the test kit's): enclaves labelled with one are destroyed once it ends (session-reaper.ts).
  const sessions: SessionReaper = new SessionReaper({
    backend,
    engineGuid: config.engineGuid,
    log,
    destroyEnclave: (id): Promise<void> => manager.destroyEnclave(id),
    exitAfterIdleMs: exitAfterIdleMsFromEnv(),
  });
  const sessionLabels = new SessionLabels((id): boolean => sessions.isOpen(id));
  const manager: EnclaveManager = new EnclaveManager({ backend: sessionLabels.labelling(backend), config, log });
  const supervisor = new ApiContainerSupervisor({
    backend,
    engineGuid: config.engineGuid,
    policy: config.supervision,
    log,
    isBusy: (enclaveId) => manager.isBusy(enclaveId),
    onApiContainerStart: (enclaveId) => manager.deliberateStops.clear(enclaveId),
  });
  // Watching first, so no death between the reconcile and the first event goes unseen; both before
  // the ready line, so whoever waits for it finds no half-made enclave of a dead engine.
  await supervisor.start();
  const reconciled = await supervisor.reconcile();
  log.info({ engineGuid: config.engineGuid, actions: reconciled }, 'enclaves reconciled');

  const server = new Server();
  server.addService(answeringUndecodableRequests(engineApi.EngineServiceService), sessionLabels.tagCalls(engineService(manager, config.version, log)));
  server.addService(engineSessionsApi.EngineSessionServiceService, engineSessionService(sessions, backend, log));
  sessions.start();
  const port = await bindInsecure(server, config.listenPort);
  log.info({ port, version: config.version, engineVersion: formatEngineVersion(config.version) }, `engine listening; ${SERVER_READY_MARKER}`);

  exitOnSignals(server, (signal) => {
    supervisor.stop();
    sessions.stop();
    log.info({ signal }, 'shutting down');
  });
}

main().catch((err: unknown) => {
  console.error('The engine failed to start:', err);
  process.exit(1);
});
