// The enclave's partition topology as pure data and logic: which partition each service is in and
// how much traffic is lost between two partitions. No containers here; the sidecar rules are
// derived from it (sidecar-rules.ts) and applied elsewhere.
import { explainInvalidId, invalid, notFound } from '@kurtosis-ts/domain';
import { quote } from '@kurtosis-ts/protos';
import { quoteList } from '../bounds/quoted-list';

export const DEFAULT_PARTITION = 'default';

export interface TopologySnapshot {
  partitions: string[];
  /** service ID → partition ID */
  servicePartitions: Record<string, string>;
  /** "a|b" (a < b) → packet loss percentage */
  connections: Record<string, number>;
  defaultLossPercentage: number;
}

/** A Repartition, in the domain's words (repartition-request.ts reads it from the wire). */
export interface Repartition {
  /** partition ID → the services put into it. */
  partitionServices: Readonly<Record<string, readonly string[]>>;
  /** Each connection as given: from one partition to another, with its packet loss. */
  connections: readonly { from: string; to: string; packetLossPercentage: number }[];
  /** The loss between partitions with no connection of their own. */
  defaultLossPercentage: number;
}

const pairKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);

function validLoss(where: string, loss: number): number {
  if (!Number.isFinite(loss) || loss < 0 || loss > 100) {
    throw invalid(`packet_loss_percentage of ${where} is ${loss}; it must be a number from 0 to 100`);
  }
  return loss;
}

export class PartitionTopology {
  private partitions = new Set<string>([DEFAULT_PARTITION]);
  private readonly servicePartitions = new Map<string, string>();
  private connections = new Map<string, number>();
  private defaultLoss = 0;

  static fromSnapshot(snapshot: TopologySnapshot): PartitionTopology {
    const topology = new PartitionTopology();
    topology.replaceWith(snapshot);
    return topology;
  }

  replaceWith(snapshot: TopologySnapshot): void {
    this.partitions = new Set(snapshot.partitions);
    this.servicePartitions.clear();
    for (const [service, partition] of Object.entries(snapshot.servicePartitions)) this.servicePartitions.set(service, partition);
    this.connections = new Map(Object.entries(snapshot.connections));
    this.defaultLoss = snapshot.defaultLossPercentage;
  }

  toSnapshot(): TopologySnapshot {
    return {
      partitions: [...this.partitions].sort(),
      servicePartitions: Object.fromEntries(this.servicePartitions),
      connections: Object.fromEntries(this.connections),
      defaultLossPercentage: this.defaultLoss,
    };
  }

  partitionOf(serviceId: string): string | undefined {
    return this.servicePartitions.get(serviceId);
  }

  /** Puts a new service into an existing partition ("" = default). */
  addService(serviceId: string, partitionId: string): void {
    const partition = partitionId || DEFAULT_PARTITION;
    if (!this.partitions.has(partition)) {
      throw notFound(`Partition ${quote(partition)} does not exist; the partitions are ${quoteList([...this.partitions].sort(), 20, (id) => id)}`);
    }
    this.servicePartitions.set(serviceId, partition);
  }

  removeService(serviceId: string): void {
    this.servicePartitions.delete(serviceId);
  }

  /** Loss from one partition to another: 0 inside a partition, else the pair's or the default. */
  lossBetween(from: string, to: string): number {
    if (from === to) return 0;
    return this.connections.get(pairKey(from, to)) ?? this.defaultLoss;
  }

  /**
   * Traffic that `serviceId` must drop at its egress: destination service → loss percentage, for
   * every service in another partition with a loss above 0.
   */
  egressLossesOf(serviceId: string): Map<string, number> {
    const own = this.servicePartitions.get(serviceId);
    const losses = new Map<string, number>();
    if (own === undefined) return losses;
    for (const [other, partition] of this.servicePartitions) {
      if (other === serviceId) continue;
      const loss = this.lossBetween(own, partition);
      if (loss > 0) losses.set(other, loss);
    }
    return losses;
  }

  /**
   * Replaces the whole topology with the one Repartition describes, after checking that it places
   * every service in `serviceIds` exactly once and names only defined partitions.
   * Leaves the topology untouched when it throws.
   */
  repartition(request: Repartition, serviceIds: readonly string[]): void {
    const partitionIds = Object.keys(request.partitionServices);
    if (partitionIds.length === 0) throw invalid('Repartition needs at least one partition');
    for (const id of partitionIds) {
      const problem = explainInvalidId('partition', id);
      if (problem) throw invalid(problem);
    }

    const placement = new Map<string, string>();
    const duplicated = new Set<string>();
    for (const [partition, services] of Object.entries(request.partitionServices)) {
      for (const service of services) {
        if (placement.has(service)) duplicated.add(service);
        placement.set(service, partition);
      }
    }
    const known = new Set(serviceIds);
    const unknown = [...placement.keys()].filter((s) => !known.has(s)).sort();
    const missing = serviceIds.filter((s) => !placement.has(s)).sort();
    const problems = [
      unknown.length ? `unknown services ${quoteList(unknown)}` : '',
      duplicated.size ? `services in more than one partition ${quoteList([...duplicated].sort())}` : '',
      missing.length ? `services in no partition ${quoteList(missing)}` : '',
    ].filter(Boolean);
    if (problems.length) throw invalid(`Repartition must place every service exactly once: ${problems.join('; ')}`);

    const defined = new Set(partitionIds);
    const connections = new Map<string, number>();
    for (const { from, to, packetLossPercentage } of request.connections) {
      const connection = `${quote(from, 64)} ↔ ${quote(to, 64)}`;
      for (const end of [from, to]) {
        if (!defined.has(end)) throw invalid(`Connection ${connection} names partition ${quote(end, 64)}, which the repartition does not define`);
      }
      if (from === to) throw invalid(`Connection ${connection} joins a partition to itself`);
      const key = pairKey(from, to);
      if (connections.has(key)) {
        throw invalid(`Connection ${connection} is given in both directions; connections are symmetric, give it once`);
      }
      connections.set(key, validLoss(connection, packetLossPercentage));
    }
    const defaultLoss = validLoss('the default connection', request.defaultLossPercentage);

    this.partitions = defined;
    this.servicePartitions.clear();
    for (const [service, partition] of placement) this.servicePartitions.set(service, partition);
    this.connections = connections;
    this.defaultLoss = defaultLoss;
  }
}
