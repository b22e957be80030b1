// Rebuilds everything the API container holds from Docker (labels) and its state file, so a
// restarted API container reports and enforces exactly what it did before.
import * as path from 'node:path';
import { SerialQueue } from '@kurtosis-ts/container-backend';
import type { Enclave, KurtosisBackend } from '@kurtosis-ts/container-backend';
import { API_CONTAINER_STATE_DIRPATH, ENCLAVE_DATA_DIR_MOUNTPOINT } from '@kurtosis-ts/protos';
import type { ApiContainerArgs } from '@kurtosis-ts/protos';
import type { Logger } from 'pino';
import { FilesArtifactStore } from './artifacts/files-artifact-store';
import { ModuleStore } from './module/module-store';
import { PartitionEnforcer } from './partition/partition-enforcer';
import { EnclaveReconciler } from './reconcile/enclave-reconciler';
import type { SidecarState } from './partition/partition-enforcer';
import { DEFAULT_PARTITION, PartitionTopology } from './partition/partition-topology';
import { ServiceNetwork } from './service/service-network';
import type { Partitioning } from './service/service-network';
import { ServiceRegistry } from './service/service-registry';
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
}

export async function restoreEnclave(
  backend: KurtosisBackend,
  enclave: Enclave,
  args: ApiContainerArgs,
  settings: { moduleAvailabilityTimeoutMs: number; sidecarImage: string; expanderImage: string },
  log: Logger,
): Promise<RestoredEnclave> {
  // In the state volume, which only this container mounts: no service or module can write it.
  const stateFile = new ApiContainerStateFile(path.join(API_CONTAINER_STATE_DIRPATH, STATE_FILE_NAME));
  const saved = await stateFile.loadOrReport(log);
  // Whatever a crash left half-made is cleaned up (or completed) before anything is read back.
  const reconciler = new EnclaveReconciler(backend, enclave, log);
  const plan = await reconciler.plan(saved?.serviceIntents ?? {});
  await reconciler.cleanUp(plan);
  await reconciler.startSidecars(plan);
  const [services, sidecars, networkIps] = await Promise.all([
    backend.getUserServices(enclave.id),
    backend.getNetworkingSidecars(enclave.id),
    backend.getEnclaveNetworkIps(enclave),
  ]);
  const registry = new ServiceRegistry(enclave.subnet, args.ownIpAddress, services, saved?.registeredServices ?? [], saved?.serviceIntents ?? {});
  // Containers registered from outside hold IPs that no label records: never hand those out again.
  for (const ip of networkIps) registry.ips.markTaken(ip);
  // Finished external registrations keep their IPs (and their callers stay allowed), attached or not.
  const externals = new ExternalRegistrations(saved?.externalContainers ?? []);
  for (const ip of externals.containerIps()) registry.ips.markTaken(ip);

  let partitioning: Partitioning | undefined;
  if (args.isPartitioningEnabled) {
    const topology = saved?.topology ? PartitionTopology.fromSnapshot(saved.topology) : new PartitionTopology();
    for (const id of registry.allServiceIds()) {
      if (topology.partitionOf(id) === undefined) topology.addService(id, DEFAULT_PARTITION);
    }
    // Only sidecars that still exist keep their chain generation; the rest are gone with their
    // service. A sidecar started again has a fresh network namespace, without rules: it starts over.
    const revived = new Set(plan.reviveSidecars.map((s) => s.containerId));
    const existing = new Set(sidecars.map((s) => s.containerId));
    const sidecarStates = new Map<string, SidecarState>(
      Object.entries(saved?.sidecars ?? {}).filter(([, state]) => existing.has(state.containerId) && !revived.has(state.containerId)),
    );
    const enforcer = new PartitionEnforcer(backend, topology, (id) => registry.ipOf(id), log, sidecarStates);
    for (const sidecar of plan.reviveSidecars) await enforcer.adopt(sidecar.objectId, sidecar.containerId);
    partitioning = { topology, enforcer, sidecarImage: settings.sidecarImage, queue: new SerialQueue() };
  }
  await reconciler.startServicesAndModules(plan);
  if (plan.reviveServices.length > 0) {
    // Started again, they have new host ports.
    const restarted = await backend.getUserServices(enclave.id);
    for (const s of restarted.filter((r) => plan.reviveServices.some((p) => p.containerId === r.containerId))) registry.updatePublicPorts(s.serviceId, s.publicPorts);
  }
  const modules = await backend.getModules(enclave.id);

  const persist = () =>
    stateFile.save({
      schemaVersion: 1,
      topology: partitioning?.topology.toSnapshot(),
      sidecars: partitioning?.enforcer.snapshot() ?? {},
      registeredServices: registry.unstarted(),
      serviceIntents: registry.serviceIntents(),
      externalContainers: externals.containers(),
    });
  const artifacts = new FilesArtifactStore(API_CONTAINER_STATE_DIRPATH, log);
  await artifacts.restore();
  const network = new ServiceNetwork(
    backend,
    enclave,
    registry,
    ENCLAVE_DATA_DIR_MOUNTPOINT,
    log,
    artifacts,
    settings.expanderImage,
    partitioning,
    persist,
    externals,
  );
  const moduleStore = new ModuleStore(
    backend,
    registry.ips,
    { enclave, apiContainerSocket: `${args.ownIpAddress}:${args.listenPort}`, availabilityTimeoutMs: settings.moduleAvailabilityTimeoutMs },
    log,
    modules,
  );
  await persist();
  return { network, modules: moduleStore, registry, artifacts, persist };
}
