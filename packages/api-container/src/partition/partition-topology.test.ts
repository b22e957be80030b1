import { status } from '@grpc/grpc-js';
import { DomainError } from '@kurtosis-ts/domain';
import type { StatusError } from '@kurtosis-ts/protos';
import { toStatusError } from '../grpc/to-status-error';
import { PartitionTopology } from './partition-topology';
import type { Repartition } from './partition-topology';

function args(partitions: Record<string, string[]>, connections: [string, string, number][] = [], defaultLoss?: number): Repartition {
  return {
    partitionServices: partitions,
    connections: connections.map(([from, to, packetLossPercentage]) => ({ from, to, packetLossPercentage })),
    defaultLossPercentage: defaultLoss ?? 0,
  };
}

/** The refusal as the API container answers it. */
function refusal(action: () => void): StatusError {
  try {
    action();
  } catch (err) {
    if (err instanceof DomainError) return toStatusError(err, 'Repartition');
    throw err;
  }
  throw new Error('expected a refusal');
}

const withServices = (...ids: string[]) => {
  const topology = new PartitionTopology();
  for (const id of ids) topology.addService(id, '');
  return topology;
};

describe('PartitionTopology', () => {
  it('starts with every service in one open default partition', () => {
    const topology = withServices('a', 'b');
    expect(topology.partitionOf('a')).toBe('default');
    expect(topology.egressLossesOf('a')).toEqual(new Map());
  });

  it('drops between partitions by the pair connection, else the default, and never inside one', () => {
    const topology = withServices('a1', 'a2', 'b1', 'c1');
    topology.repartition(args({ a: ['a1', 'a2'], b: ['b1'], c: ['c1'] }, [['a', 'b', 100], ['c', 'a', 25]], 50), ['a1', 'a2', 'b1', 'c1']);
    expect(topology.egressLossesOf('a1')).toEqual(new Map([['b1', 100], ['c1', 25]]));
    // Symmetric: the pair given as c→a applies to a→c and c→a alike.
    expect(topology.egressLossesOf('c1')).toEqual(new Map([['a1', 25], ['a2', 25], ['b1', 50]]));
    expect(topology.lossBetween('b', 'c')).toBe(50);
    expect(topology.lossBetween('a', 'a')).toBe(0);
  });

  it('treats a missing default connection as open', () => {
    const topology = withServices('a', 'b');
    topology.repartition(args({ x: ['a'], y: ['b'] }), ['a', 'b']);
    expect(topology.egressLossesOf('a')).toEqual(new Map());
  });

  it('puts services registered later into the named partition, refusing unknown ones', () => {
    const topology = withServices('a', 'b');
    topology.repartition(args({ x: ['a'], y: ['b'] }, [], 100), ['a', 'b']);
    topology.addService('late', 'y');
    expect(topology.egressLossesOf('a')).toEqual(new Map([['b', 100], ['late', 100]]));
    const err = refusal(() => topology.addService('lost', ''));
    expect(err.code).toBe(status.NOT_FOUND);
    expect(err.message).toContain("Partition 'default' does not exist; the partitions are x, y");
  });

  it('forgets removed services', () => {
    const topology = withServices('a', 'b');
    topology.repartition(args({ x: ['a'], y: ['b'] }, [], 100), ['a', 'b']);
    topology.removeService('b');
    expect(topology.egressLossesOf('a')).toEqual(new Map());
  });

  it('round-trips through a snapshot', () => {
    const topology = withServices('a', 'b');
    topology.repartition(args({ x: ['a'], y: ['b'] }, [['x', 'y', 30]], 80), ['a', 'b']);
    const copy = PartitionTopology.fromSnapshot(JSON.parse(JSON.stringify(topology.toSnapshot())));
    expect(copy.toSnapshot()).toEqual(topology.toSnapshot());
    expect(copy.egressLossesOf('a')).toEqual(new Map([['b', 30]]));
  });

  it.each([
    ['no partitions', args({}), 'at least one partition'],
    ['a missing service', args({ x: ['a'] }), "services in no partition 'b'"],
    ['an unknown service', args({ x: ['a', 'b', 'zz'] }), "unknown services 'zz'"],
    ['a service twice', args({ x: ['a', 'b'], y: ['b'] }), "more than one partition 'b'"],
    ['a connection to an undefined partition', args({ x: ['a', 'b'] }, [['x', 'q', 100]]), "partition 'q'"],
    ['a connection from an undefined partition', args({ x: ['a', 'b'] }, [['q', 'x', 100]]), "partition 'q'"],
    ['a partition connected to itself', args({ x: ['a', 'b'] }, [['x', 'x', 100]]), 'to itself'],
    ['both directions of a pair', args({ x: ['a'], y: ['b'] }, [['x', 'y', 100], ['y', 'x', 100]]), 'both directions'],
    ['a negative loss', args({ x: ['a'], y: ['b'] }, [['x', 'y', -0.5]]), 'is -0.5'],
    ['a loss over 100', args({ x: ['a'], y: ['b'] }, [['x', 'y', 100.5]]), 'is 100.5'],
    ['a NaN default loss', args({ x: ['a'], y: ['b'] }, [], Number.NaN), 'the default connection is NaN'],
    ['an infinite loss', args({ x: ['a'], y: ['b'] }, [['x', 'y', Number.POSITIVE_INFINITY]]), 'is Infinity'],
    ['an invalid partition ID', args({ 'Not Valid': ['a', 'b'] }), "'Not Valid'"],
  ])('refuses %s as INVALID_ARGUMENT and keeps the topology', (_name, repartition, mention) => {
    const topology = withServices('a', 'b');
    topology.repartition(args({ x: ['a'], y: ['b'] }, [], 100), ['a', 'b']);
    const before = topology.toSnapshot();
    const err = refusal(() => topology.repartition(repartition, ['a', 'b']));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.message).toContain(mention);
    expect(topology.toSnapshot()).toEqual(before);
  });
});
