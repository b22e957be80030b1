// The API container's entrypoint: rebuilds the enclave's state (restore-enclave.ts), then serves
// ApiContainerService (and our ServiceLifecycleService) until SIGTERM/SIGINT.
import { Server } from '@grpc/grpc-js';
import { DockerKurtosisBackend } from '@kurtosis-ts/container-backend';
import { apiContainerApi, bindInsecure, exitOnSignals, SERVER_READY_MARKER, serviceLifecycleApi } from '@kurtosis-ts/protos';
import pino from 'pino';
import { parseApiContainerArgs, pinoLevel } from './api-container-args';
import { apiContainerService } from './api-container-service';
import { ApiOperations } from './api-operations';
import { restoreEnclave } from './restore-enclave';
import { ServiceLifecycle } from './service/service-lifecycle';
import { serviceLifecycleService } from './service-lifecycle-service';

async function main(): Promise<void> {
  const args = parseApiContainerArgs();
  const log = pino({ name: 'kurtosis-api-container', level: pinoLevel(args.logLevel), base: { enclaveId: args.enclaveId } });
  const backend = new DockerKurtosisBackend();
  const [enclave] = await backend.getEnclaves([args.enclaveId]);
  if (!enclave) throw new Error(`Enclave '${args.enclaveId}' has no network; was it destroyed?`);
  const { network, modules, registry, artifacts } = await restoreEnclave(
    backend,
    enclave,
    args,
    {
      moduleAvailabilityTimeoutMs: Number(process.env['KURTOSIS_MODULE_AVAILABILITY_TIMEOUT_MS'] ?? 10_000),
      sidecarImage: process.env['KURTOSIS_NETWORKING_SIDECAR_IMAGE'] ?? `kurtosis-ts/networking-sidecar:${args.version}`,
      expanderImage: `${process.env['KURTOSIS_API_CONTAINER_IMAGE'] ?? 'kurtosis-ts/api-container'}:${args.version}`,
    },
    log,
  );

  const server = new Server();
  server.addService(apiContainerApi.ApiContainerServiceService, apiContainerService(new ApiOperations(network, modules, artifacts), log));
  server.addService(serviceLifecycleApi.ServiceLifecycleServiceService, serviceLifecycleService(new ServiceLifecycle(backend, enclave.id, registry, log), log));
  const port = await bindInsecure(server, args.listenPort);
  log.info({ port, version: args.version, services: registry.startedServiceIds(), modules: modules.moduleIds() }, `API container listening; ${SERVER_READY_MARKER}`);

  exitOnSignals(server, (signal) => log.info({ signal }, 'shutting down'));
}

main().catch((err: unknown) => {
  console.error('The API container failed to start:', err);
  process.exit(1);
});
