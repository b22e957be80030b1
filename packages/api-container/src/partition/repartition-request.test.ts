import { toRepartition } from './repartition-request';

describe('toRepartition', () => {
  it('reads members, connections as given and the default loss', () => {
    expect(
      toRepartition({
        partitionServices: { a: { serviceIdSet: { a1: true, gone: false } }, b: { serviceIdSet: { b1: true } } },
        partitionConnections: { a: { connectionInfo: { b: { packetLossPercentage: 30 } } }, b: { connectionInfo: { a: { packetLossPercentage: 40 } } } },
        defaultConnection: { packetLossPercentage: 100 },
      }),
    ).toEqual({
      partitionServices: { a: ['a1'], b: ['b1'] },
      connections: [
        { from: 'a', to: 'b', packetLossPercentage: 30 },
        { from: 'b', to: 'a', packetLossPercentage: 40 },
      ],
      defaultLossPercentage: 100,
    });
  });

  it('takes an absent default connection as no loss', () => {
    expect(toRepartition({ partitionServices: {}, partitionConnections: {}, defaultConnection: undefined }).defaultLossPercentage).toBe(0);
  });
});
