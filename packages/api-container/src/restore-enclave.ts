// Rebuilds everything the API container holds from what the backend reports and its state file, so
// a restarted API container reports and enforces exactly what it did before.
import * as path from 'node:path';
import { internal, SerialQueue, trustedId } from '@kurtosis-ts/domain';
import type { EnclaveId, ServiceGuid } from '@kurtosis-ts/domain';
import type { EnclaveBackend } from '@kurtosis-ts/container-backend';
import { API_CONTAINER_STATE_DIRPATH, ENCLAVE_DATA_DIR_MOUNTPOINT } from '@kurtosis-ts/protos';
import type { ApiContainerArgs } from '@kurtosis-ts/protos';
import type { Logger } from 'pino';
import { FilesArtifactStore } from './artifacts/files-artifact-store';
import { ModuleStore } from './module/module-store';
import type { ModuleStoreOptions } from './module/module-store';
import { PartitionEnforcer } from './partition/partition-enforcer';
import type { SidecarState } from './partition/partition-enforcer';
import { DEFAULT_PARTITION, PartitionTopology } from './partition/partition-topology';
import { EnclaveReconciler } from './reconcile/enclave-reconciler';
import { ServiceNetwork } from './service/service-network';
import type { Partitioning } from './service/service-network';
import { ServiceRegistry } from './service/service-registry';
import type { ServiceConfig } from './service/service-config';
import { toStartServiceArgs, toWireConfig } from './service/service-config';
import { ServiceReplacement } from './service/service-replacement';
import { ExternalRegistrations } from './trust/external-registrations';
import { ApiContainerStateFile } from './state/api-container-state-file';

export const STATE_FILE_NAME = 'api-container-state.json';

export interface RestoredEnclave {
  network: ServiceNetwork;
  modules: ModuleStore;
  registry: ServiceRegistry;
  artifacts: FilesArtifactStore;
  /** Saves what must survive a restart of the API container. */
  persist: () => Promise<void>;
  replacement: ServiceReplacement;
}

export interface RestoreOptions {
  backend: EnclaveBackend;
  args: ApiContainerArgs;
  moduleAvailabilityTimeoutMs: number;
  log: Logger;
  /** The state directory as mounted in this API container (its own, which no service or module sees). */
  stateDir?: string;
  /** The enclave's data directory as mounted in this API container. */
  dataDir?: string;
  connectModule?: ModuleStoreOptions['connect'];
}

export async function restoreEnclave(options: RestoreOptions): Promise<RestoredEnclave> {
  const { backend, args, log } = options;
  const stateDir = options.stateDir ?? API_CONTAINER_STATE_DIRPATH;
  const enclaveId = trustedId<EnclaveId>(args.enclaveId);
  // In the state volume, which only this container mounts: no service or module can write it.
  const stateFile = new ApiContainerStateFile(path.join(stateDir, STATE_FILE_NAME));
  const saved = await stateFile.loadOrReport(log);
  // Whatever a crash left half-made is cleaned up (or completed) before anything is read back.
  const reconciler = new EnclaveReconciler({ backend, enclaveId, log });
  const plan = await reconciler.plan(saved?.serviceIntents ?? {});
  await reconciler.cleanUp(plan);
  await reconciler.startSidecars(plan);
  const services = await backend.getUserServices(enclaveId);
  const registry = new ServiceRegistry(
    services,
    (saved?.registeredServices ?? []).map((r) => ({ serviceId: trustedId(r.serviceId), guid: trustedId(r.guid), privateIp: r.privateIp })),
    saved?.serviceIntents ?? {},
    saved?.serviceConfigs ?? {},
    saved?.replacements ?? {},
  );
  // Finished external registrations keep their IPs (and their callers stay allowed), attached or not.
  const externals = new ExternalRegistrations(saved?.externalContainers ?? []);
  // The backend knows what runs and what is attached; only this API container knew the rest.
  await backend.restoreAddresses(enclaveId, {
    services: registry.unstarted().map((r) => ({ enclaveId, ...r })),
    reservedIps: externals.containerIps(),
  });

  let partitioning: Partitioning | undefined;
  if (args.isPartitioningEnabled) {
    if (!backend.partitioning) throw internal(`Enclave '${enclaveId}' is partitioned, but this API container's platform cannot partition networks`);
    const topology = saved?.topology ? PartitionTopology.fromSnapshot(saved.topology) : new PartitionTopology();
    for (const id of registry.allServiceIds()) {
      if (topology.partitionOf(id) === undefined) topology.addService(id, DEFAULT_PARTITION);
    }
    // Only sidecars that still exist keep their chain generation; the rest are gone with their
    // service. A sidecar started again has a fresh network namespace, without rules: it starts over.
    const sidecars = await backend.partitioning.getNetworkingSidecars(enclaveId);
    const revived = new Set<string>(plan.reviveSidecars.map((s) => (s.ref.kind === 'api-container' ? '' : s.ref.guid)));
    const existing = new Set<string>(sidecars.map((s) => s.guid));
    const sidecarStates = new Map<string, SidecarState>(
      Object.entries(saved?.sidecars ?? {}).filter(([, state]) => existing.has(state.guid) && !revived.has(state.guid)),
    );
    const enforcer = new PartitionEnforcer({ backend, enclaveId, topology, ipOf: (id) => registry.ipOf(id), log, sidecars: sidecarStates });
    for (const sidecar of plan.reviveSidecars) {
      if (sidecar.ref.kind === 'networking-sidecar') await enforcer.adopt(sidecar.objectId, trustedId<ServiceGuid>(sidecar.ref.guid));
    }
    partitioning = { topology, enforcer, sidecars: backend.partitioning, queue: new SerialQueue() };
  }
  await reconciler.startServicesAndModules(plan);
  if (plan.reviveServices.length > 0) {
    // Started again, they may be published on new ports.
    const restarted = await backend.getUserServices(enclaveId);
    for (const s of restarted.filter((r) => plan.reviveServices.some((p) => p.ref.kind === 'user-service' && p.ref.guid === r.guid))) {
      registry.updatePublicPorts(s.serviceId, s.publicPorts);
    }
  }
  const modules = await backend.getModules(enclaveId);

  const persist = () =>
    stateFile.save({
      schemaVersion: 1,
      topology: partitioning?.topology.toSnapshot(),
      sidecars: partitioning?.enforcer.snapshot() ?? {},
      registeredServices: registry.unstarted(),
      serviceIntents: registry.serviceIntents(),
      externalContainers: externals.containers(),
      serviceConfigs: registry.configs(),
      replacements: registry.replacements(),
    });
  const artifacts = new FilesArtifactStore(stateDir, log);
  await artifacts.restore();
  const network = new ServiceNetwork({
    backend,
    enclaveId,
    registry,
    dataDir: options.dataDir ?? ENCLAVE_DATA_DIR_MOUNTPOINT,
    log,
    artifacts,
    partitioning,
    persist,
    externals,
  });
  const moduleStore = new ModuleStore({
    backend,
    enclaveId,
    apiContainerSocket: `${args.ownIpAddress}:${args.listenPort}`,
    availabilityTimeoutMs: options.moduleAvailabilityTimeoutMs,
    log,
    existing: modules,
    ...(options.connectModule ? { connect: options.connectModule } : {}),
  });
  const replacement = new ServiceReplacement({ backend, enclaveId, registry, log, artifacts, partitioning, persist });
  await resumeReplacements(registry, network, log);
  await persist();
  return { network, modules: moduleStore, registry, artifacts, persist, replacement };
}

/**
 * Services whose replacement the last API container did not live to finish, after their old
 * container went: started again, with the configuration they were being replaced with, or else the
 * one they had. Their ID, GUID, address and partition are what they were.
 */
async function resumeReplacements(registry: ServiceRegistry, network: ServiceNetwork, log: Logger): Promise<void> {
  for (const pending of registry.interrupted.splice(0)) {
    const attempts: [string, ServiceConfig][] = [
      ['the configuration it was being replaced with', pending.to],
      ['its configuration before the replacement', pending.from],
    ];
    for (const [which, config] of attempts) {
      try {
        await network.startService(toStartServiceArgs(pending.serviceId, toWireConfig(config)));
        log.warn({ serviceId: pending.serviceId, image: config.image }, `a replacement was interrupted by the API container's end; the service runs again from ${which}`);
        break;
      } catch (err) {
        log.error({ serviceId: pending.serviceId, err }, `an interrupted replacement: starting the service from ${which} failed`);
      }
    }
  }
}
