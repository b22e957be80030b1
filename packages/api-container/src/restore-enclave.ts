// Rebuilds everything the API container holds from Docker (labels) and its state file, so a
// restarted API container reports and enforces exactly what it did before.
import * as path from 'node:path';
import { SerialQueue } from '@kurtosis-ts/container-backend';
import type { Enclave, KurtosisBackend } from '@kurtosis-ts/container-backend';
import { ENCLAVE_DATA_DIR_MOUNTPOINT } from '@kurtosis-ts/protos';
import type { ApiContainerArgs } from '@kurtosis-ts/protos';
import type { Logger } from 'pino';
import { FilesArtifactStore } from './artifacts/files-artifact-store';
import { ModuleStore } from './module/module-store';
import { PartitionEnforcer } from './partition/partition-enforcer';
import type { SidecarState } from './partition/partition-enforcer';
import { DEFAULT_PARTITION, PartitionTopology } from './partition/partition-topology';
import { ServiceNetwork } from './service/service-network';
import type { Partitioning } from './service/service-network';
import { ServiceRegistry } from './service/service-registry';
import { ApiContainerStateFile } from './state/api-container-state-file';

export const STATE_FILE_NAME = 'api-container-state.json';

export interface RestoredEnclave {
  network: ServiceNetwork;
  modules: ModuleStore;
  registry: ServiceRegistry;
  artifacts: FilesArtifactStore;
}

export async function restoreEnclave(
  backend: KurtosisBackend,
  enclave: Enclave,
  args: ApiContainerArgs,
  settings: { moduleAvailabilityTimeoutMs: number; sidecarImage: string; expanderImage: string },
  log: Logger,
): Promise<RestoredEnclave> {
  const stateFile = new ApiContainerStateFile(path.join(ENCLAVE_DATA_DIR_MOUNTPOINT, STATE_FILE_NAME));
  const [saved, services, modules, sidecars, networkIps] = await Promise.all([
    stateFile.load(),
    backend.getUserServices(enclave.id),
    backend.getModules(enclave.id),
    backend.getNetworkingSidecars(enclave.id),
    backend.getEnclaveNetworkIps(enclave),
  ]);
  const registry = new ServiceRegistry(enclave.subnet, args.ownIpAddress, services, saved?.registeredServices ?? []);
  // Containers registered from outside hold IPs that no label records: never hand those out again.
  for (const ip of networkIps) registry.ips.markTaken(ip);

  let partitioning: Partitioning | undefined;
  if (args.isPartitioningEnabled) {
    const topology = saved?.topology ? PartitionTopology.fromSnapshot(saved.topology) : new PartitionTopology();
    for (const id of registry.allServiceIds()) {
      if (topology.partitionOf(id) === undefined) topology.addService(id, DEFAULT_PARTITION);
    }
    // Only sidecars that still run keep their chain generation; the rest are gone with their service.
    const running = new Set(sidecars.map((s) => s.containerId));
    const sidecarStates = new Map<string, SidecarState>(
      Object.entries(saved?.sidecars ?? {}).filter(([, state]) => running.has(state.containerId)),
    );
    const enforcer = new PartitionEnforcer(backend, topology, (id) => registry.ipOf(id), log, sidecarStates);
    partitioning = { topology, enforcer, sidecarImage: settings.sidecarImage, queue: new SerialQueue() };
  }

  const persist = () =>
    stateFile.save({
      schemaVersion: 1,
      topology: partitioning?.topology.toSnapshot(),
      sidecars: partitioning?.enforcer.snapshot() ?? {},
      registeredServices: registry.unstarted(),
    });
  const artifacts = new FilesArtifactStore(ENCLAVE_DATA_DIR_MOUNTPOINT, log);
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
  );
  const moduleStore = new ModuleStore(
    backend,
    registry.ips,
    { enclave, apiContainerSocket: `${args.ownIpAddress}:${args.listenPort}`, availabilityTimeoutMs: settings.moduleAvailabilityTimeoutMs },
    log,
    modules,
  );
  await persist();
  return { network, modules: moduleStore, registry, artifacts };
}
