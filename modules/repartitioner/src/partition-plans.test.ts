import { ParamsValidationError, parseParams } from '@kurtosis-ts/module-api-lib';
import { seededRandom } from '@kurtosis-ts/module-api-lib';
import { describe as describeTopology, healedTopology, randomPlan, topologyOf } from './partition-plans';
import { executeParamsSchema } from './repartition-params';

const services = new Set(['a1', 'a2', 'b1', 'extra']);

describe('topologyOf', () => {
  it('places unnamed services in the catch-all partition and reads connections', () => {
    const topology = topologyOf(
      { partitions: { a: ['a1', 'a2'], b: ['b1'] }, connections: [{ between: ['a', 'b'], blocked: true }], defaultConnection: { packetLossPercentage: 30 } },
      services,
      'rest',
    );
    expect(describeTopology(topology)).toEqual({ partitions: { a: ['a1', 'a2'], b: ['b1'], rest: ['extra'] }, defaultPacketLossPercentage: 30 });
    expect(topology.partitionConnections.get('a')?.get('b')?.packetLossPercentage).toBe(100);
  });

  it('refuses unnamed services without a catch-all, and unknown ones', () => {
    expect(() => topologyOf({ partitions: { a: ['a1'] }, connections: [] }, services)).toThrow('leaves out a2, b1, extra');
    expect(() => topologyOf({ partitions: { a: ['a1', 'ghost'] }, connections: [] }, services, 'rest')).toThrow(ParamsValidationError);
  });

  it('heals into one open partition', () => {
    expect(describeTopology(healedTopology(services))).toEqual({ partitions: { healed: ['a1', 'a2', 'b1', 'extra'] }, defaultPacketLossPercentage: 0 });
  });
});

describe('random partitions', () => {
  it('are the same for the same seed and differ for another', () => {
    const plans = (seed: number) => {
      const random = seededRandom(seed);
      return [1, 2, 3].map(() => randomPlan([...services], 2, random, 100));
    };
    expect(plans(42)).toEqual(plans(42));
    expect(plans(42)).not.toEqual(plans(7));
    for (const plan of plans(42)) expect(Object.values(plan.partitions).flat().sort()).toEqual([...services].sort());
  });
});

describe('execute params', () => {
  it.each([
    ['nothing', '{}'],
    ['plan and random', '{"plan":{"partitions":{"a":["x"]}},"random":{"seed":1,"partitions":2,"rounds":1}}'],
    ['an invalid partition ID', '{"plan":{"partitions":{"A B":["x"]}}}'],
    ['a loss over 100', '{"plan":{"partitions":{"a":["x"]},"defaultConnection":{"packetLossPercentage":101}}}'],
    ['blocked and a loss together', '{"plan":{"partitions":{"a":["x"]},"defaultConnection":{"blocked":true,"packetLossPercentage":5}}}'],
    ['one random partition', '{"random":{"seed":1,"partitions":1,"rounds":1}}'],
  ])('refuses %s', (_name, json) => {
    expect(() => parseParams(executeParamsSchema, json)).toThrow(ParamsValidationError);
  });
});
