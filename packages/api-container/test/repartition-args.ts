import type { apiContainerApi } from '@kurtosis-ts/protos';

/** Repartition args from a compact description: partitions, connections and the default loss. */
export function repartitionArgs(
  partitions: Record<string, string[]>,
  connections: [string, string, number][] = [],
  defaultLoss = 0,
): apiContainerApi.RepartitionArgs {
  const partitionConnections: Record<string, apiContainerApi.PartitionConnections> = {};
  for (const [from, to, loss] of connections) {
    partitionConnections[from] ??= { connectionInfo: {} };
    partitionConnections[from].connectionInfo[to] = { packetLossPercentage: loss };
  }
  return {
    partitionServices: Object.fromEntries(
      Object.entries(partitions).map(([p, services]) => [p, { serviceIdSet: Object.fromEntries(services.map((s) => [s, true])) }]),
    ),
    partitionConnections,
    defaultConnection: { packetLossPercentage: defaultLoss },
  };
}
