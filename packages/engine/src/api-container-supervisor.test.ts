// The supervisor's orchestration against the in-memory backend: what it starts after which events,
// what it leaves, and what it reconciles.
import { DomainError, parseId } from '@kurtosis-ts/domain';
import type { EnclaveId } from '@kurtosis-ts/domain';
import type { ObjectRef, RuntimeEvent } from '@kurtosis-ts/container-backend';
import { InMemoryKurtosisBackend } from '@kurtosis-ts/container-backend/testing';
import pino from 'pino';
import { ApiContainerSupervisor } from './api-container-supervisor';

const ENCLAVE = parseId('enclave', 'e');
const API: ObjectRef = { kind: 'api-container', enclaveId: ENCLAVE };

async function enclaveWithApiContainer(backend: InMemoryKurtosisBackend, enclaveId: EnclaveId, creatorEngineGuid: string): Promise<void> {
  await backend.createEnclave(enclaveId, { isPartitioningEnabled: false, creatorEngineGuid });
  await backend.createApiContainer(enclaveId, { image: 'api', port: 7443, env: () => ({}), dataDirMountpoint: '/data', stateDirMountpoint: '/state' });
}

describe('ApiContainerSupervisor', () => {
  let backend: InMemoryKurtosisBackend;
  let supervisor: ApiContainerSupervisor;
  let busy: boolean;
  let starts: number;
  let watches: number;

  beforeEach(async () => {
    jest.useFakeTimers();
    backend = new InMemoryKurtosisBackend();
    const own = await backend.createEngine({ image: 'engine', version: '0.1.0', hostPort: 0 });
    await enclaveWithApiContainer(backend, ENCLAVE, own.guid);
    busy = false;
    starts = 0;
    watches = 0;
    const watch = backend.watchEvents.bind(backend);
    jest.spyOn(backend, 'watchEvents').mockImplementation((onEvent: (event: RuntimeEvent) => void) => {
      watches++;
      return watch(onEvent);
    });
    await backend.watchEvents((event) => {
      if (event.ref.kind === 'api-container' && event.action === 'start') starts++;
    });
    supervisor = new ApiContainerSupervisor({
      backend,
      engineGuid: own.guid,
      policy: { graceMs: 1_000, maxRestarts: 2, windowMs: 60_000 },
      log: pino({ level: 'silent' }),
      isBusy: () => busy,
    });
    await supervisor.start();
    watches = 0;
  });

  afterEach(() => {
    supervisor.stop();
    jest.useRealTimers();
  });

  const status = async () => (await backend.getState(API)).status;

  /** `docker kill` of the API container, then the grace. */
  async function kill(): Promise<void> {
    backend.exitProcess(API, 137, 'kill');
    await jest.advanceTimersByTimeAsync(1_000);
  }

  it('restarts a killed API container after the grace, and not before', async () => {
    backend.exitProcess(API, 137, 'kill');
    await jest.advanceTimersByTimeAsync(999);
    expect(starts).toBe(0);
    expect(await status()).toBe('stopped');
    await jest.advanceTimersByTimeAsync(1);
    expect(starts).toBe(1);
    expect(await status()).toBe('running');
  });

  it('leaves it when a stop was announced (even one that had to kill), it exited 0, or this engine stops it', async () => {
    backend.exitProcess(API, 137, 'stop');
    await jest.advanceTimersByTimeAsync(1_000);
    await backend.startObject(API);
    backend.exitProcess(API, 0, 'crash');
    await jest.advanceTimersByTimeAsync(1_000);
    await backend.startObject(API);
    busy = true;
    await kill();
    expect(starts).toBe(2); // the two the test made
    expect(await status()).toBe('stopped');
  });

  it('leaves it when it runs again within the grace (the platform restarted it)', async () => {
    backend.exitProcess(API, 1, 'crash');
    await backend.startObject(API);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(starts).toBe(1);
    expect(await status()).toBe('running');
  });

  it('gives up after the restart budget is spent', async () => {
    for (let i = 0; i < 4; i++) await kill();
    expect(starts).toBe(2);
    expect(await status()).toBe('stopped');
  });

  it('leaves an API container that is gone', async () => {
    backend.exitProcess(API, 137, 'kill');
    backend.removeBehindTheBack(API);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(starts).toBe(0);
  });

  it('watches again after the event stream ends, and catches up on a death it missed', async () => {
    backend.breakEventStreams();
    backend.exitProcess(API, 137, 'kill');
    await jest.advanceTimersByTimeAsync(250);
    expect(watches).toBe(1);
    expect(await status()).toBe('running');
  });

  it('keeps trying to watch while watching fails', async () => {
    backend.failNext('watchEvents', new DomainError('unavailable', 'the Docker engine cannot be reached'), { times: 2 });
    backend.breakEventStreams();
    await jest.advanceTimersByTimeAsync(250 + 500 + 1_000);
    expect(watches).toBe(3);
    backend.exitProcess(API, 137, 'kill');
    await jest.advanceTimersByTimeAsync(1_000);
    expect(await status()).toBe('running');
  });

  it("reconciles: destroys a half-made enclave, starts a killed API container, leaves another engine's and a creatorless enclave", async () => {
    const [own] = await backend.getEngines();
    const other = await backend.createEngine({ image: 'engine', version: '0.1.0', hostPort: 0 });
    await backend.createEnclave(parseId('enclave', 'half'), { isPartitioningEnabled: false, creatorEngineGuid: own.guid });
    await backend.createEnclave(parseId('enclave', 'others'), { isPartitioningEnabled: false, creatorEngineGuid: other.guid });
    await backend.createEnclave(parseId('enclave', 'by-a-test'), { isPartitioningEnabled: false });
    backend.exitProcess(API, 137, 'kill');
    expect(await supervisor.reconcile()).toEqual([
      { kind: 'start-api-container', enclaveId: 'e', exitCode: 137 },
      { kind: 'destroy-half-made', enclaveId: 'half', reason: expect.stringContaining('no API container') },
    ]);
    expect((await backend.getEnclaves()).map((e) => e.id).sort()).toEqual(['by-a-test', 'e', 'others']);
    expect(await status()).toBe('running');
  });

  it('adopts the enclaves of an engine that no longer runs', async () => {
    const dead = await backend.createEngine({ image: 'engine', version: '0.1.0', hostPort: 0 });
    const orphan = parseId('enclave', 'orphan');
    await enclaveWithApiContainer(backend, orphan, dead.guid);
    await backend.destroyEngine(dead.guid);
    backend.exitProcess({ kind: 'api-container', enclaveId: orphan }, 137, 'kill');
    await jest.advanceTimersByTimeAsync(1_000);
    expect((await backend.getState({ kind: 'api-container', enclaveId: orphan })).status).toBe('running');
  });
});
