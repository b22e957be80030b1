// PartitionEnforcer against the in-memory backend and a fake sidecar shell: which transactions
// each sidecar gets, that unchanged rules are skipped, sessions reopen, and failures name the sidecar.
import { isDomainError, parseId, trustedId } from '@kurtosis-ts/domain';
import type { ServiceGuid } from '@kurtosis-ts/domain';
import { PartitionEnforcer } from './partition-enforcer';
import { PartitionTopology } from './partition-topology';
import { inMemoryEnclave, silentLog } from '../../test/support/in-memory-enclave';
import type { InMemoryEnclave } from '../../test/support/in-memory-enclave';

describe('PartitionEnforcer', () => {
  let env: InMemoryEnclave;
  let topology: PartitionTopology;
  let enforcer: PartitionEnforcer;
  const ips: Record<string, string> = {};
  const guids: Record<string, ServiceGuid> = {};

  /** A registered service with its sidecar, as ServiceNetwork makes them. */
  async function withSidecar(serviceId: string): Promise<void> {
    const registration = await env.backend.registerService(env.enclaveId, parseId('service', serviceId));
    await env.backend.partitioning?.createNetworkingSidecar(env.enclaveId, registration.guid, { ports: {} });
    ips[serviceId] = registration.privateIp;
    guids[serviceId] = registration.guid;
    topology.addService(serviceId, '');
  }

  const applied = (serviceId: string) => env.shells.of(env.enclaveId, guids[serviceId]);

  beforeEach(async () => {
    env = await inMemoryEnclave({ partitioned: true });
    topology = new PartitionTopology();
    enforcer = new PartitionEnforcer({ backend: env.backend, enclaveId: env.enclaveId, topology, ipOf: (id) => ips[id], log: silentLog });
    for (const id of ['a', 'b', 'c']) await withSidecar(id);
    for (const id of ['a', 'b', 'c']) await enforcer.adopt(id, guids[id]);
  });
  afterEach(() => env.cleanUp());

  it("puts each new sidecar's first chain in place, with nothing to drop in an open topology", () => {
    expect(applied('a')).toEqual([['*filter', ':KURTOSIS-0 - [0:0]', '-I OUTPUT 1 -j KURTOSIS-0', 'COMMIT', ''].join('\n')]);
    expect(enforcer.snapshot()).toEqual({
      a: { guid: guids['a'], generation: 0, appliedRules: '[]' },
      b: { guid: guids['b'], generation: 0, appliedRules: '[]' },
      c: { guid: guids['c'], generation: 0, appliedRules: '[]' },
    });
  });

  it('swaps in a new chain in every sidecar whose rules change, and only those', async () => {
    topology.repartition({ partitionServices: { x: ['a', 'b'], y: ['c'] }, connections: [{ from: 'x', to: 'y', packetLossPercentage: 25 }], defaultLossPercentage: 0 }, ['a', 'b', 'c']);
    await enforcer.applyAll();
    expect(applied('a').at(-1)).toBe(
      ['*filter', ':KURTOSIS-1 - [0:0]', `-A KURTOSIS-1 -d ${ips['c']}/32 -m statistic --mode random --probability 0.250000 -j DROP`, '-R OUTPUT 1 -j KURTOSIS-1', '-F KURTOSIS-0', '-X KURTOSIS-0', 'COMMIT', ''].join('\n'),
    );
    expect(applied('c').at(-1)).toContain(`-d ${ips['a']}/32`);
    expect(applied('c').at(-1)).toContain(`-d ${ips['b']}/32`);
    expect(enforcer.snapshot()['a'].generation).toBe(1);
    // The same topology again changes nothing: no sidecar is written to.
    const before = [...env.shells.applied.values()].flat().length;
    await enforcer.applyAll();
    expect([...env.shells.applied.values()].flat().length).toBe(before);
  });

  it('keeps one session per sidecar, and opens a new one when it ended', async () => {
    expect(env.shells.opened).toBe(3);
    topology.repartition({ partitionServices: { x: ['a'], y: ['b', 'c'] }, connections: [], defaultLossPercentage: 100 }, ['a', 'b', 'c']);
    await enforcer.applyAll();
    expect(env.shells.opened).toBe(3);
    // The sidecar was started again (a daemon restart): its session is gone.
    const sidecar = { kind: 'networking-sidecar' as const, enclaveId: env.enclaveId, guid: guids['a'] };
    env.backend.exitProcess(sidecar, 0, 'crash');
    await env.backend.startObject(sidecar);
    topology.repartition({ partitionServices: { x: ['a', 'b'], y: ['c'] }, connections: [], defaultLossPercentage: 100 }, ['a', 'b', 'c']);
    await enforcer.applyAll();
    expect(env.shells.opened).toBe(4);
  });

  it('names every sidecar that refused its rules and keeps their last good state', async () => {
    env.shells.refusing.add(`networking-sidecar/${env.enclaveId}/${guids['b']}`);
    topology.repartition({ partitionServices: { x: ['a'], y: ['b', 'c'] }, connections: [], defaultLossPercentage: 100 }, ['a', 'b', 'c']);
    let failure: unknown;
    await enforcer.applyAll().catch((err: unknown) => (failure = err));
    expect(isDomainError(failure, 'internal')).toBe(true);
    expect((failure as Error).message).toBe("Applying the partition rules failed for b: Applying the rules in the sidecar of 'b': iptables-restore refused the rules: iptables-restore: line 3 failed");
    expect(enforcer.snapshot()['b'].generation).toBe(0);
    expect(enforcer.snapshot()['a'].generation).toBe(1);
  });

  it('fails naming the sidecar when no session can be opened in it (it no longer runs)', async () => {
    env.backend.exitProcess({ kind: 'networking-sidecar', enclaveId: env.enclaveId, guid: guids['c'] }, 137, 'kill');
    topology.repartition({ partitionServices: { x: ['a', 'b'], y: ['c'] }, connections: [], defaultLossPercentage: 100 }, ['a', 'b', 'c']);
    await expect(enforcer.applyAll()).rejects.toThrow("Applying the partition rules failed for c: Applying the rules in the sidecar of 'c'");
  });

  it('forgets a sidecar and closes its session', async () => {
    enforcer.forget('a');
    expect(Object.keys(enforcer.snapshot())).toEqual(['b', 'c']);
    topology.removeService('a');
    topology.repartition({ partitionServices: { x: ['b'], y: ['c'] }, connections: [], defaultLossPercentage: 100 }, ['b', 'c']);
    await enforcer.applyAll();
    expect(applied('a')).toHaveLength(1);
  });

  it('starts from the chains a restarted API container found in its state file', async () => {
    const restored = new PartitionEnforcer({
      backend: env.backend,
      enclaveId: env.enclaveId,
      topology,
      ipOf: (id) => ips[id],
      log: silentLog,
      sidecars: new Map([['a', { guid: trustedId<ServiceGuid>(guids['a']), generation: 7, appliedRules: '[]' }]]),
    });
    topology.repartition({ partitionServices: { x: ['a'], y: ['b', 'c'] }, connections: [], defaultLossPercentage: 100 }, ['a', 'b', 'c']);
    await restored.applyAll();
    expect(applied('a').at(-1)).toContain('-R OUTPUT 1 -j KURTOSIS-8');
    expect(applied('a').at(-1)).toContain('-X KURTOSIS-7');
  });
});
