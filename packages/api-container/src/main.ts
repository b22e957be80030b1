// The API container's entrypoint: rebuilds the enclave's state (restore-enclave.ts), then serves
// ApiContainerService (and our ServiceLifecycleService and EnclaveViewService) until SIGTERM/SIGINT.
// The one file that picks the container platform: Docker, with our sidecar and expander images.
import { Server } from '@grpc/grpc-js';
import { trustedId } from '@kurtosis-ts/domain';
import type { EnclaveId } from '@kurtosis-ts/domain';
import { DockerKurtosisBackend } from '@kurtosis-ts/container-backend';
import { answeringUndecodableRequests, apiContainerApi, bindInsecure, enclaveViewApi, exitOnSignals, SERVER_READY_MARKER, serviceConfigApi, serviceLifecycleApi } from '@kurtosis-ts/protos';
import pino from 'pino';
import { parseApiContainerArgs, pinoLevel } from './api-container-args';
import { apiContainerService } from './api-container-service';
import { ApiOperations } from './api-operations';
import { enclaveViewService } from './view/enclave-view-service';
import { restoreEnclave } from './restore-enclave';
import { ServiceLifecycle } from './service/service-lifecycle';
import { serviceLifecycleService } from './service-lifecycle-service';
import { serviceConfigService } from './service-config-service';
import { guardService } from './trust/caller-guard';
import { CallerPolicy } from './trust/caller-policy';

async function main(): Promise<void> {
  const args = parseApiContainerArgs();
  const log = pino({ name: 'kurtosis-api-container', level: pinoLevel(args.logLevel), base: { enclaveId: args.enclaveId } });
  const backend = new DockerKurtosisBackend({
    networkingSidecarImage: process.env['KURTOSIS_NETWORKING_SIDECAR_IMAGE'] ?? `kurtosis-ts/networking-sidecar:${args.version}`,
    // Its own image: it has `tar`.
    filesArtifactExpanderImage: `${process.env['KURTOSIS_API_CONTAINER_IMAGE'] ?? 'kurtosis-ts/api-container'}:${args.version}`,
  });
  const enclaveId = trustedId<EnclaveId>(args.enclaveId);
  const [enclave] = await backend.getEnclaves([enclaveId]);
  if (!enclave) throw new Error(`Enclave '${args.enclaveId}' has no network; was it destroyed?`);
  const { network, modules, registry, artifacts, persist, replacement } = await restoreEnclave({
    backend,
    args,
    moduleAvailabilityTimeoutMs: Number(process.env['KURTOSIS_MODULE_AVAILABILITY_TIMEOUT_MS'] ?? 10_000),
    log,
  });

  // Every RPC of the three services first checks who calls (trust/caller-policy.ts): services may not.
  const callers = new CallerPolicy({
    hostClientIp: await backend.getHostClientIp(enclaveId),
    moduleIps: () => modules.privateIps(),
    externalContainerIps: () => network.externals.containerIps(),
  });
  const server = new Server();
  server.addService(answeringUndecodableRequests(apiContainerApi.ApiContainerServiceService), guardService(apiContainerService(new ApiOperations(network, modules, artifacts), log), callers, log));
  const lifecycle = new ServiceLifecycle({ backend, enclaveId, registry, log, persist });
  server.addService(
    answeringUndecodableRequests(serviceLifecycleApi.ServiceLifecycleServiceService),
    guardService(serviceLifecycleService(lifecycle, modules, log), callers, log),
  );
  server.addService(
    answeringUndecodableRequests(serviceConfigApi.ServiceConfigServiceService),
    guardService(serviceConfigService(replacement, log), callers, log),
  );
  server.addService(enclaveViewApi.EnclaveViewServiceService, enclaveViewService({ backend, enclave, registry, lifecycle, modules, callers, log }));
  // Unfinished external registrations give their IPs back even when nobody calls.
  setInterval(() => void network.releaseExpiredReservations().catch((err: unknown) => log.warn({ err }, 'releasing expired reservations failed')), 60_000).unref();
  const port = await bindInsecure(server, args.listenPort);
  log.info({ port, version: args.version, services: registry.startedServiceIds(), modules: modules.moduleIds() }, `API container listening; ${SERVER_READY_MARKER}`);

  exitOnSignals(server, (signal) => log.info({ signal }, 'shutting down'));
}

main().catch((err: unknown) => {
  console.error('The API container failed to start:', err);
  process.exit(1);
});
