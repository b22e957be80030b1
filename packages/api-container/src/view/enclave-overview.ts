// The enclave at a glance (EnclaveViewService's GetEnclaveOverview): started services with their
// status, address, ports (where the backend published them) and partition; loaded modules; and the
// partition topology as the API container last saved it (it saves after every repartition).
import { readFile } from 'node:fs/promises';
import type { Enclave, RuntimeStatus } from '@kurtosis-ts/container-backend';
import type { PortSpec } from '@kurtosis-ts/domain';
import { enclaveViewApi, serviceLifecycleApi } from '@kurtosis-ts/protos';
import type { ModuleStore } from '../module/module-store';
import type { ServiceLifecycle } from '../service/service-lifecycle';
import type { ServiceRegistry } from '../service/service-registry';
import { parseState } from '../state/api-container-state-file';
import type { ApiContainerState } from '../state/api-container-state-file';

const { ServiceStatus, ModuleStatus } = serviceLifecycleApi;

const WIRE_STATUS: Record<RuntimeStatus, serviceLifecycleApi.ServiceStatus> = {
  running: ServiceStatus.SERVICE_STATUS_RUNNING,
  paused: ServiceStatus.SERVICE_STATUS_PAUSED,
  stopped: ServiceStatus.SERVICE_STATUS_STOPPED,
};

export interface OverviewSources {
  enclave: Pick<Enclave, 'isPartitioningEnabled'>;
  registry: ServiceRegistry;
  lifecycle: ServiceLifecycle;
  modules: Pick<ModuleStore, 'moduleIds' | 'status' | 'getInfo'>;
  /** The API container's state file (its own state volume). */
  stateFilePath: string;
}

type SavedTopology = NonNullable<ApiContainerState['topology']>;

/** The state file's text, or undefined while there is none (or it cannot be read). */
export async function readStateFile(stateFilePath: string): Promise<string | undefined> {
  try {
    return await readFile(stateFilePath, 'utf8');
  } catch {
    return undefined;
  }
}

/** The topology as last saved; undefined before the first save or when the file is not ours. */
async function savedTopology(stateFilePath: string): Promise<SavedTopology | undefined> {
  const text = await readStateFile(stateFilePath);
  if (text === undefined) return undefined;
  const parsed = parseState(text);
  return 'state' in parsed ? parsed.state.topology : undefined;
}

/** Each port, sorted by ID, with where the host reaches it while the service runs. */
export function portBindings(privatePorts: Record<string, PortSpec>, publicPorts: Record<string, PortSpec>, publicHost: string, running: boolean): enclaveViewApi.PortBinding[] {
  return Object.entries(privatePorts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([portId, p]) => {
      const published = running ? publicPorts[portId] : undefined;
      return { portId, privatePort: p.number, protocol: p.protocol, publicIp: published ? publicHost : '', publicPort: published?.number ?? 0 };
    });
}

/** "a|b" → loss, as the topology keeps connections (one entry per unordered pair), sorted. */
export function wireConnections(connections: Record<string, number>): enclaveViewApi.PartitionConnectionOverview[] {
  return Object.entries(connections)
    .map(([pair, loss]) => {
      const [partitionA, partitionB] = pair.split('|');
      return { partitionA, partitionB, packetLossPercentage: loss };
    })
    .sort((x, y) => `${x.partitionA}|${x.partitionB}`.localeCompare(`${y.partitionA}|${y.partitionB}`));
}

export async function enclaveOverview(sources: OverviewSources): Promise<enclaveViewApi.GetEnclaveOverviewResponse> {
  const { registry, lifecycle, modules, enclave } = sources;
  const partitioned = enclave.isPartitioningEnabled;
  const [statuses, topology] = await Promise.all([lifecycle.statuses(), partitioned ? savedTopology(sources.stateFilePath) : Promise.resolve(undefined)]);
  const services = registry
    .startedServiceIds()
    .sort()
    .map((serviceId) => {
      const record = registry.getStarted(serviceId);
      const status = statuses[serviceId] ?? { status: 'stopped' as const, exitCode: -1 };
      return {
        serviceId,
        status: WIRE_STATUS[status.status],
        exitCode: status.status === 'stopped' ? status.exitCode : 0,
        privateIp: record.privateIp,
        ports: portBindings(record.privatePorts, record.publicPorts, record.publicHost, status.status === 'running'),
        partitionId: partitioned ? (topology?.servicePartitions[serviceId] ?? record.partitionId) : '',
      };
    });
  const moduleIds = modules.moduleIds().sort();
  const moduleStatuses = await Promise.all(moduleIds.map((id) => modules.status(id)));
  const moduleOverviews = moduleIds.map((moduleId, i) => {
    const info = modules.getInfo(moduleId);
    const running = moduleStatuses[i].status === 'running';
    const published = running && info.publicPort?.number;
    return {
      moduleId,
      status: running ? ModuleStatus.MODULE_STATUS_RUNNING : ModuleStatus.MODULE_STATUS_EXITED,
      exitCode: running ? 0 : moduleStatuses[i].exitCode,
      image: moduleStatuses[i].image,
      privateIp: info.privateIpAddr,
      publicPort: published ? (info.publicPort?.number ?? 0) : 0,
      publicIp: published ? info.publicIpAddr : '',
    };
  });
  const partitions = partitioned
    ? (topology?.partitions ?? ['default']).map((partitionId) => ({
        partitionId,
        serviceIds: services.filter((s) => s.partitionId === partitionId).map((s) => s.serviceId),
      }))
    : [];
  return {
    services,
    modules: moduleOverviews,
    partitioningEnabled: partitioned,
    partitions,
    connections: topology ? wireConnections(topology.connections) : [],
    defaultPacketLossPercentage: topology?.defaultLossPercentage ?? 0,
  };
}
