import { assessReadiness } from './network-readiness';
import type { NodeObservation } from './network-readiness';

const nodeIds = new Map([
  ['bootnode', 'aa'],
  ['ethereum-node-1', 'bb'],
  ['ethereum-node-2', 'cc'],
]);
const head = (number: number, hash = `0x${String(number).repeat(64).slice(0, 64)}`) => ({ number, hash });

describe('network readiness', () => {
  it('is ready when every node is peered with every other and all share a head of block 1 or later', () => {
    const observations: NodeObservation[] = [
      { serviceId: 'bootnode', peerNodeIds: ['bb', '0xCC'], head: head(3) },
      { serviceId: 'ethereum-node-1', peerNodeIds: ['aa', 'cc'], head: head(3) },
      { serviceId: 'ethereum-node-2', peerNodeIds: ['aa', 'bb'], head: head(3) },
    ];
    expect(assessReadiness(observations, nodeIds, 'bootnode')).toEqual({ ready: true, problems: [] });
  });

  it('names the node that lacks a peer, with the peers it has', () => {
    const observations: NodeObservation[] = [
      { serviceId: 'bootnode', peerNodeIds: ['bb', 'cc'], head: head(3) },
      { serviceId: 'ethereum-node-1', peerNodeIds: ['aa', 'dddddddddd'], head: head(3) },
      { serviceId: 'ethereum-node-2', peerNodeIds: [], head: head(3) },
    ];
    expect(assessReadiness(observations, nodeIds, 'bootnode').problems).toEqual([
      "'ethereum-node-1' is not peered with ethereum-node-2 (its peers: bootnode, unknown node dddddddd)",
      "'ethereum-node-2' is not peered with bootnode, ethereum-node-1 (its peers: none)",
    ]);
  });

  it("names a node behind the signer's head, a network still at block 0, and a node that did not answer", () => {
    const behind = assessReadiness(
      [
        { serviceId: 'bootnode', peerNodeIds: ['bb', 'cc'], head: head(5) },
        { serviceId: 'ethereum-node-1', peerNodeIds: ['aa', 'cc'], head: head(4) },
        { serviceId: 'ethereum-node-2', error: 'admin_peers to http://172.16.0.7:8545: connect ECONNREFUSED' },
      ],
      nodeIds,
      'bootnode',
    );
    expect(behind.ready).toBe(false);
    expect(behind.problems).toEqual([
      "'ethereum-node-1' is at block 4 (0x44444444…) while 'bootnode' is at block 5 (0x55555555…)",
      "'ethereum-node-2' did not answer: admin_peers to http://172.16.0.7:8545: connect ECONNREFUSED",
    ]);
    const genesisOnly = assessReadiness([{ serviceId: 'bootnode', peerNodeIds: [], head: head(0) }], new Map([['bootnode', 'aa']]), 'bootnode');
    expect(genesisOnly.problems).toEqual(["'bootnode' is at block 0"]);
  });
});
