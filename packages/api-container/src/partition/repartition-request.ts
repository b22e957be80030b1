// A RepartitionArgs of the wire as the topology's Repartition: the services marked members of each
// partition, each connection as given, and the default loss (0 when absent). Pure.
import type { apiContainerApi } from '@kurtosis-ts/protos';
import type { Repartition } from './partition-topology';

export function toRepartition(args: apiContainerApi.RepartitionArgs): Repartition {
  return {
    partitionServices: Object.fromEntries(
      Object.entries(args.partitionServices).map(([partition, { serviceIdSet }]) => [
        partition,
        Object.entries(serviceIdSet)
          .filter(([, member]) => member)
          .map(([service]) => service),
      ]),
    ),
    connections: Object.entries(args.partitionConnections).flatMap(([from, { connectionInfo }]) =>
      Object.entries(connectionInfo).map(([to, info]) => ({ from, to, packetLossPercentage: info.packetLossPercentage })),
    ),
    defaultLossPercentage: args.defaultConnection?.packetLossPercentage ?? 0,
  };
}
