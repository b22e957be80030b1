// The session reaper against the in-memory backend: which enclaves go when a session ends (its
// stream, its heartbeats), which stay, and an engine that lives for its sessions removing itself.
import { DomainError, parseId } from '@kurtosis-ts/domain';
import type { EnclaveId } from '@kurtosis-ts/domain';
import { InMemoryKurtosisBackend } from '@kurtosis-ts/container-backend/testing';
import pino from 'pino';
import { SessionReaper } from './session-reaper';
import type { SessionReaperDeps } from './session-reaper';

const SETTINGS = { reapAfterMs: 2_000, heartbeatTimeoutMs: 30_000 };

describe('SessionReaper', () => {
  let now: number;
  let backend: InMemoryKurtosisBackend;
  let ownGuid: string;
  let otherGuid: string;
  let destroyed: string[];

  const enclave = async (id: string, sessionId: string, creatorEngineGuid = ownGuid): Promise<EnclaveId> => {
    const enclaveId = parseId('enclave', id);
    await backend.createEnclave(enclaveId, { isPartitioningEnabled: false, creatorEngineGuid, sessionId });
    return enclaveId;
  };
  const remaining = async () => (await backend.getEnclaves()).map((e) => e.id).sort();
  const reaper = (deps: Partial<SessionReaperDeps> = {}) =>
    new SessionReaper({
      backend,
      engineGuid: ownGuid,
      log: pino({ level: 'silent' }),
      destroyEnclave: async (id) => {
        destroyed.push(id);
        await backend.destroyEnclave(id);
      },
      now: () => now,
      ...deps,
    });

  beforeEach(async () => {
    now = 1_000_000;
    backend = new InMemoryKurtosisBackend({ now: () => now });
    ownGuid = (await backend.createEngine({ image: 'engine', version: '0.1.0', hostPort: 0 })).guid;
    otherGuid = (await backend.createEngine({ image: 'engine', version: '0.1.0', hostPort: 0 })).guid;
    destroyed = [];
  });

  it("destroys a session's enclaves once its stream ended and the grace passed, and forgets it", async () => {
    const sessions = reaper();
    const stream = {};
    sessions.open('run-1', stream, SETTINGS);
    sessions.open('run-2', {}, SETTINGS);
    await enclave('mine-1', 'run-1');
    await enclave('mine-2', 'run-1');
    await enclave('alive', 'run-2');
    await enclave('unowned', '');

    sessions.disconnect('run-1', stream);
    now += 1_999;
    await sessions.tick();
    expect(destroyed).toEqual([]);
    now += 1;
    await sessions.tick();
    expect(destroyed.sort()).toEqual(['mine-1', 'mine-2']);
    expect(await remaining()).toEqual(['alive', 'unowned']);
    expect(sessions.isOpen('run-1')).toBe(false);
    expect(sessions.list()).toEqual([{ sessionId: 'run-2', connected: true }]);
  });

  it('keeps a session whose stream was taken over by a newer one', async () => {
    const sessions = reaper();
    const first = {};
    sessions.open('run-1', first, SETTINGS);
    await enclave('mine', 'run-1');
    sessions.open('run-1', {}, SETTINGS);
    // The old stream ends after the new one took the session up: nothing changes.
    sessions.disconnect('run-1', first);
    now += 10_000;
    await sessions.tick();
    expect(destroyed).toEqual([]);
    expect(sessions.list()).toEqual([{ sessionId: 'run-1', connected: true }]);
  });

  it('destroys the enclaves of a session whose heartbeats stopped although its stream looks open', async () => {
    const sessions = reaper();
    const stream = {};
    sessions.open('run-1', stream, SETTINGS);
    await enclave('mine', 'run-1');
    now += 20_000;
    sessions.heartbeat('run-1', stream);
    // A heartbeat on a stream that no longer holds the session does not count.
    now += 20_000;
    sessions.heartbeat('run-1', {});
    await sessions.tick();
    expect(destroyed).toEqual([]);
    now += 10_000;
    await sessions.tick();
    expect(destroyed).toEqual(['mine']);
  });

  it("reaps enclaves of sessions it does not know after the grace — its own and a dead engine's, never a live engine's", async () => {
    const deadGuid = 'deaddeaddead';
    await enclave('own-before-restart', 'old-run');
    await enclave('of-a-dead-engine', 'their-run', deadGuid);
    await enclave('of-a-live-engine', 'their-run', otherGuid);
    await enclave('made-outside-an-engine', 'x', '');
    const sessions = reaper({ unknownSessionGraceMs: 10_000 });
    now += 9_999;
    await sessions.tick();
    expect(destroyed).toEqual([]);
    now += 30_001;
    await sessions.tick();
    expect(destroyed.sort()).toEqual(['of-a-dead-engine', 'own-before-restart']);
    expect(await remaining()).toEqual(['made-outside-an-engine', 'of-a-live-engine']);
  });

  it('asks the backend only when a session may have ended, or every 30 s for orphans', async () => {
    const sessions = reaper();
    sessions.open('run-1', {}, SETTINGS);
    await sessions.tick();
    const listed = jest.spyOn(backend, 'getEnclaves');
    now += 1_000;
    await sessions.tick();
    expect(listed).not.toHaveBeenCalled();
    now += 30_000;
    await sessions.tick();
    expect(listed).toHaveBeenCalledTimes(1);
  });

  it('tries again on the next tick when the backend fails, and when a destroy fails', async () => {
    const sessions = reaper({ unknownSessionGraceMs: 0 });
    const stream = {};
    sessions.open('run-1', stream, SETTINGS);
    await enclave('mine', 'run-1');
    sessions.disconnect('run-1', stream);
    now += 2_000;
    backend.failNext('getEnclaves', new DomainError('unavailable', 'Docker is down'));
    await sessions.tick();
    expect(await remaining()).toEqual(['mine']);
    backend.failNext('destroyEnclave', new DomainError('unavailable', 'Docker is down'));
    await sessions.tick();
    expect(await remaining()).toEqual(['mine']);
    // The session is forgotten; its enclave is found again as one of a session this engine does not know.
    now += 30_000;
    await sessions.tick();
    expect(await remaining()).toEqual([]);
  });

  describe('an engine that lives for its sessions (exitAfterIdleMs)', () => {
    it('removes its own engine from the platform once no session was open for the idle time, then exits', async () => {
      const exit = jest.fn();
      const sessions = reaper({ exitAfterIdleMs: 5_000, exit });
      const stream = {};
      sessions.open('run-1', stream, SETTINGS);
      now += 60_000;
      sessions.heartbeat('run-1', stream);
      await sessions.tick();
      expect(exit).not.toHaveBeenCalled();
      sessions.disconnect('run-1', stream);
      now += 2_000;
      // The session ends here; the idle time counts from now.
      await sessions.tick();
      now += 4_999;
      await sessions.tick();
      expect(exit).not.toHaveBeenCalled();
      now += 1;
      await sessions.tick();
      expect(exit).toHaveBeenCalledTimes(1);
      expect((await backend.getEngines()).map((e) => e.guid)).toEqual([otherGuid]);
    });

    it('never removes itself without the setting', async () => {
      const exit = jest.fn();
      const sessions = reaper({ exit });
      now += 1e9;
      await sessions.tick();
      expect(exit).not.toHaveBeenCalled();
      expect((await backend.getEngines()).map((e) => e.guid).sort()).toEqual([ownGuid, otherGuid].sort());
    });
  });
});
