// Turning plans into what EnclaveContext.repartitionNetwork takes, placing services the plan does
// not name, and drawing random partitions from a seed. Pure.
import { BlockedPartitionConnection, ParamsValidationError, SoftPartitionConnection, UnblockedPartitionConnection } from '@kurtosis-ts/module-api-lib';
import type { PartitionConnection } from '@kurtosis-ts/module-api-lib';
import type { Plan } from './repartition-params';

export const HEALED_PARTITION = 'healed';

export interface Topology {
  partitionServices: Map<string, Set<string>>;
  partitionConnections: Map<string, Map<string, PartitionConnection>>;
  defaultConnection: PartitionConnection;
}

function connectionOf(c: { blocked?: boolean; packetLossPercentage?: number } | undefined, fallback: PartitionConnection): PartitionConnection {
  if (!c) return fallback;
  if (c.blocked !== undefined) return c.blocked ? new BlockedPartitionConnection() : new UnblockedPartitionConnection();
  if (c.packetLossPercentage !== undefined) return new SoftPartitionConnection(c.packetLossPercentage);
  return fallback;
}

/** The plan's topology over `services`, unnamed services in `catchAll` (or refused). */
export function topologyOf(plan: Plan, services: ReadonlySet<string>, catchAll?: string): Topology {
  const partitionServices = new Map<string, Set<string>>(Object.entries(plan.partitions).map(([p, s]) => [p, new Set(s)]));
  const named = new Set([...partitionServices.values()].flatMap((s) => [...s]));
  const unknown = [...named].filter((s) => !services.has(s)).sort();
  if (unknown.length) throw new ParamsValidationError(`The plan names services the enclave does not have: ${unknown.join(', ')}`);
  const unnamed = [...services].filter((s) => !named.has(s)).sort();
  if (unnamed.length) {
    if (!catchAll) throw new ParamsValidationError(`The plan leaves out ${unnamed.join(', ')}; name them or give a catchAllPartition`);
    const bucket = partitionServices.get(catchAll) ?? new Set<string>();
    for (const s of unnamed) bucket.add(s);
    partitionServices.set(catchAll, bucket);
  }
  const partitionConnections = new Map<string, Map<string, PartitionConnection>>();
  for (const c of plan.connections) {
    const [from, to] = c.between;
    if (!partitionConnections.has(from)) partitionConnections.set(from, new Map());
    partitionConnections.get(from)?.set(to, connectionOf(c, new UnblockedPartitionConnection()));
  }
  return { partitionServices, partitionConnections, defaultConnection: connectionOf(plan.defaultConnection, new UnblockedPartitionConnection()) };
}

export function healedTopology(services: ReadonlySet<string>): Topology {
  return {
    partitionServices: new Map([[HEALED_PARTITION, new Set(services)]]),
    partitionConnections: new Map(),
    defaultConnection: new UnblockedPartitionConnection(),
  };
}

/** Every service into one of `count` partitions p0…, chosen by `random`; the default connection loses `loss`%. */
export function randomPlan(services: readonly string[], count: number, random: () => number, loss: number): Plan {
  const partitions: Record<string, string[]> = {};
  for (const s of [...services].sort()) (partitions[`p${Math.floor(random() * count)}`] ??= []).push(s);
  return { partitions, connections: [], defaultConnection: { packetLossPercentage: loss } };
}

/** A step as the result reports it. */
export function describe(topology: Topology): { partitions: Record<string, string[]>; defaultPacketLossPercentage: number } {
  return {
    partitions: Object.fromEntries([...topology.partitionServices].map(([p, s]) => [p, [...s].sort()])),
    defaultPacketLossPercentage: topology.defaultConnection.packetLossPercentage,
  };
}
