// EnclaveReconciler against the in-memory backend: what a crash left half-made is removed, and after
// a daemon restart what ran with the API container runs again (sidecars first, paused again when
// they were paused on purpose), while what was stopped on purpose or long before stays as it is.
import { parseId, trustedId } from '@kurtosis-ts/domain';
import type { ArtifactId, ServiceGuid } from '@kurtosis-ts/domain';
import type { EnclaveObjectRef, StartServiceConfig } from '@kurtosis-ts/container-backend';
import { EnclaveReconciler } from './enclave-reconciler';
import { REVIVAL_WINDOW_MS } from './reconcile-plan';
import { inMemoryEnclave, silentLog } from '../../test/support/in-memory-enclave';
import type { InMemoryEnclave } from '../../test/support/in-memory-enclave';

const config: StartServiceConfig = { image: 'web:1', ports: {}, entrypoint: [], cmd: [], env: {}, dataDirMountpoint: '', filesArtifacts: [] };

describe('EnclaveReconciler', () => {
  let env: InMemoryEnclave;
  let reconciler: EnclaveReconciler;
  const clock = { ms: 1_800_000_000_000 };

  beforeEach(async () => {
    clock.ms = 1_800_000_000_000;
    env = await inMemoryEnclave({ partitioned: true, now: () => clock.ms });
    reconciler = new EnclaveReconciler({ backend: env.backend, enclaveId: env.enclaveId, log: silentLog });
  });
  afterEach(() => env.cleanUp());

  const ref = <K extends EnclaveObjectRef['kind']>(kind: K, guid: string, extra: object = {}) => ({ kind, enclaveId: env.enclaveId, guid: trustedId<ServiceGuid>(guid), ...extra }) as EnclaveObjectRef;

  async function service(serviceId: string, options: { sidecar?: boolean } = {}) {
    const registration = await env.backend.registerService(env.enclaveId, parseId('service', serviceId));
    if (options.sidecar) await env.backend.partitioning?.createNetworkingSidecar(env.enclaveId, registration.guid, { ports: {} });
    await env.backend.startService(env.enclaveId, registration.guid, { ...config, joinNetworkingSidecar: options.sidecar });
    return registration;
  }

  it('removes what an interrupted call left: expanders, never-started services, sidecars without a service, unused artifacts', async () => {
    const fine = await service('fine', { sidecar: true });
    env.backend.plant(ref('files-artifact-expander', 'half-1', { artifactId: 'site' }), { objectId: 'site', neverStarted: true });
    env.backend.plant(ref('user-service', 'half-1'), { objectId: 'half', neverStarted: true });
    env.backend.plant(ref('networking-sidecar', 'half-1'), { objectId: 'half' });
    env.backend.plant(ref('networking-sidecar', 'orphan-1'), { objectId: 'orphan' });
    env.backend.plantArtifactVolume(env.enclaveId, trustedId<ServiceGuid>('half-1'), trustedId<ArtifactId>('site'));
    const plan = await reconciler.plan({});
    expect(plan.remove.map((r) => r.ref)).toEqual(
      expect.arrayContaining([ref('files-artifact-expander', 'half-1', { artifactId: 'site' }), ref('user-service', 'half-1'), ref('networking-sidecar', 'half-1'), ref('networking-sidecar', 'orphan-1')]),
    );
    expect(plan.remove).toHaveLength(4);
    await reconciler.cleanUp(plan);
    const left = (await env.backend.getEnclaveObjects(env.enclaveId)).map((o) => o.ref);
    expect(left).toEqual(expect.arrayContaining([{ kind: 'api-container', enclaveId: env.enclaveId }, ref('user-service', fine.guid), ref('networking-sidecar', fine.guid)]));
    expect(left).toHaveLength(3);
    expect(env.backend.artifactVolumes(env.enclaveId)).toEqual([]);
  });

  it('revives nothing on a first run of the API container', async () => {
    const web = await service('web');
    env.backend.exitProcess(ref('user-service', web.guid), 0, 'crash');
    const plan = await reconciler.plan({});
    expect(plan.reviveServices).toEqual([]);
  });

  it('after a daemon restart, starts again what ran with it: sidecars first, then services and modules, paused again on purpose', async () => {
    const isolated = await service('isolated', { sidecar: true });
    const frozen = await service('frozen');
    const stopped = await service('stopped');
    const crashedLongAgo = await service('crashed');
    const module = await env.backend.registerModule(env.enclaveId, parseId('module', 'mod'));
    await env.backend.startModule(env.enclaveId, module.guid, { image: 'mod:1', port: 1111, env: {}, dataDirMountpoint: '' });
    env.backend.exitProcess(ref('user-service', crashedLongAgo.guid), 1, 'crash');
    clock.ms += REVIVAL_WINDOW_MS + 60_000;
    // The daemon restarts: everything stops at once, and only the API container comes back by itself.
    env.backend.stopEverything();
    clock.ms += 5_000;
    await env.backend.startObject({ kind: 'api-container', enclaveId: env.enclaveId });

    const plan = await reconciler.plan({ frozen: 'paused', stopped: 'stopped' });
    expect(plan.reviveSidecars.map((s) => s.objectId)).toEqual(['isolated']);
    expect(plan.reviveServices.map((s) => [s.objectId, s.pauseAfterStart]).sort()).toEqual([
      ['frozen', true],
      ['isolated', false],
    ]);
    expect(plan.reviveModules.map((m) => m.objectId)).toEqual(['mod']);

    const order: string[] = [];
    const watch = await env.backend.watchEvents((e) => e.action === 'start' && order.push(e.ref.kind));
    await reconciler.startSidecars(plan);
    await reconciler.startServicesAndModules(plan);
    watch.stop();
    expect(order[0]).toBe('networking-sidecar');
    const statusOf = async (guid: string) => (await env.backend.getState(ref('user-service', guid))).status;
    expect(await statusOf(isolated.guid)).toBe('running');
    expect(await statusOf(frozen.guid)).toBe('paused');
    expect(await statusOf(stopped.guid)).toBe('stopped');
    expect(await statusOf(crashedLongAgo.guid)).toBe('stopped');
    expect((await env.backend.getState({ kind: 'module', enclaveId: env.enclaveId, guid: module.guid })).status).toBe('running');
  });

  it('does not revive a removed service (kept for inspection)', async () => {
    const removed = await service('removed');
    await env.backend.removeService(env.enclaveId, removed.guid, 1);
    env.backend.stopEverything();
    await env.backend.startObject({ kind: 'api-container', enclaveId: env.enclaveId });
    expect((await reconciler.plan({})).reviveServices).toEqual([]);
  });
});
