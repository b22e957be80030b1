// The chaos monkey in a real, partitioned enclave full of example datastores: leashed runs touch
// nothing, an unleashed seeded run does exactly what it said it would, pause and isolate are
// undone, and a background run reports its status and stops.
import { credentials, Metadata } from '@grpc/grpc-js';
import { ContainerConfigBuilder, KurtosisError, PortSpec, StatusCode } from '@kurtosis-ts/module-api-lib';
import type { EnclaveContext } from '@kurtosis-ts/module-api-lib';
import { DATASTORE_PORT, datastoreApi } from '@kurtosis-ts/protos';
import { KurtosisEngineContainer } from '@kurtosis-ts/testing';
import type { ModuleUnderTest, StartedKurtosisEngineContainer } from '@kurtosis-ts/testing';
import type { ChaosReport } from '../src/chaos-run';

const VERSION = '0.1.0';
const MODULE_IMAGE = `kurtosis-ts/chaos-monkey-module:${VERSION}`;
const DATASTORE_IMAGE = `kurtosis-ts/example-datastore-server:${VERSION}`;

describe('chaos monkey', () => {
  let engine: StartedKurtosisEngineContainer;
  let monkey: ModuleUnderTest;
  let enclave: EnclaveContext;

  beforeAll(async () => {
    engine = await new KurtosisEngineContainer().start();
    monkey = await engine.loadModuleInEnclave({ image: MODULE_IMAGE, moduleId: 'monkey', isPartitioningEnabled: true });
    enclave = monkey.enclave;
    await Promise.all(['keeper', 'ds-1', 'ds-2', 'ds-3', 'ds-4', 'ds-pause', 'ds-iso', 'prober'].map(addDatastore));
  });

  afterAll(async () => {
    await monkey?.destroy();
    await engine?.stop();
  });

  async function addDatastore(serviceId: string): Promise<void> {
    await enclave.addService(serviceId, () =>
      new ContainerConfigBuilder(DATASTORE_IMAGE).withUsedPorts(new Map([['grpc', new PortSpec(DATASTORE_PORT)]])).build(),
    );
    expect(await answersFromHost(serviceId, 30_000)).toBe(true);
  }

  /** IsAvailable through the service's loopback port, within `timeoutMs`. */
  async function answersFromHost(serviceId: string, timeoutMs = 1500): Promise<boolean> {
    const port = (await enclave.getServiceContext(serviceId)).getPublicPorts().get('grpc')?.number;
    const client = new datastoreApi.DatastoreServiceClient(`127.0.0.1:${port}`, credentials.createInsecure());
    try {
      return await new Promise<boolean>((resolve) =>
        client.isAvailable({}, new Metadata({ waitForReady: true }), { deadline: Date.now() + timeoutMs }, (err) => resolve(err === null)),
      );
    } finally {
      client.close();
    }
  }

  /** Whether `from` can open a TCP connection to `to`'s datastore port inside the enclave. */
  async function reaches(from: string, to: string): Promise<boolean> {
    const ip = (await enclave.getServiceContext(to)).getPrivateIPAddress();
    const script = `const s=require('net').connect(${DATASTORE_PORT},'${ip}');s.on('connect',()=>process.exit(0));s.on('error',()=>process.exit(1));setTimeout(()=>process.exit(2),1500);`;
    const result = await (await enclave.getServiceContext(from)).execCommand(['node', '-e', script]);
    return result.exitCode === 0;
  }

  async function backgroundStatus(): Promise<ChaosReport> {
    return monkey.executeJson<ChaosReport>({ command: 'status' });
  }

  /** Polls the background run's status (each poll a real execute) until `done` says so, within 30 s. */
  async function untilStatus(done: (r: ChaosReport) => boolean): Promise<ChaosReport> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const report = await backgroundStatus();
      if (done(report)) return report;
      if (Date.now() > deadline) throw new Error(`The background run never got there: ${JSON.stringify(report)}`);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  const removalRun = { targets: { pattern: 'ds-\\d', exclude: ['ds-4'] }, actions: ['remove'], rounds: 4, intervalSeconds: 0, maxVictimsPerRound: 2, minSurvivors: 1, seed: 42 };

  it('leashed (the default), reports would-be victims and touches nothing', async () => {
    const before = await enclave.getServices();
    const report = await monkey.executeJson<ChaosReport>(removalRun);
    expect(report).toMatchObject({ status: 'finished', leashed: true, seed: 42, targets: ['ds-1', 'ds-2', 'ds-3'] });
    expect(report.events.length).toBe(2);
    expect(report.events.every((e) => e.outcome === 'would-do' && e.action === 'remove')).toBe(true);
    expect(await enclave.getServices()).toEqual(before);
  });

  it('unleashed and seeded, removes exactly the services its log names, never an excluded one, keeping the survivors', async () => {
    const preview = await monkey.executeJson<ChaosReport>(removalRun);
    const report = await monkey.executeJson<ChaosReport>({ ...removalRun, leashed: false });
    expect(report.events.map((e) => [e.round, e.serviceId, e.action])).toEqual(preview.events.map((e) => [e.round, e.serviceId, e.action]));
    expect(report.events.every((e) => e.outcome === 'done')).toBe(true);
    const removed = report.events.map((e) => e.serviceId).sort();
    expect(report.down).toEqual(removed);
    expect(removed).toHaveLength(2);
    expect(removed).not.toContain('ds-4');
    expect(report.survivors).toHaveLength(1);
    const left = await enclave.getServices();
    for (const id of removed) expect(left.has(id)).toBe(false);
    for (const id of ['keeper', 'ds-4', 'ds-pause', 'ds-iso', 'prober', ...report.survivors]) expect(left.has(id)).toBe(true);
  });

  it('in the background, pauses a service, reports status, and on stop unpauses it so it answers again', async () => {
    const started = await monkey.executeJson<ChaosReport>({
      targets: { serviceIds: ['ds-pause'] },
      actions: ['pause'],
      minSurvivors: 0,
      recoverAfterSeconds: 600,
      leashed: false,
      background: true,
    });
    expect(started).toMatchObject({ status: 'running', targets: ['ds-pause'] });
    const paused = await untilStatus((r) => r.events.some((e) => e.action === 'pause'));
    expect(paused.events).toEqual([expect.objectContaining({ serviceId: 'ds-pause', action: 'pause', outcome: 'done' })]);
    expect(paused.status).toBe('running');
    expect(await enclave.getServiceStatus('ds-pause')).toEqual({ status: 'paused', exitCode: 0 });
    expect(await answersFromHost('ds-pause')).toBe(false);

    // One run at a time.
    const second = await monkey.execute({ targets: { serviceIds: ['keeper'] } }).catch((e: unknown) => e);
    expect(second).toMatchObject({ code: StatusCode.FAILED_PRECONDITION });

    const stopped = await monkey.executeJson<ChaosReport>({ command: 'stop' });
    expect(stopped.status).toBe('stopped');
    expect(stopped.events.map((e) => [e.serviceId, e.action, e.outcome])).toEqual([
      ['ds-pause', 'pause', 'done'],
      ['ds-pause', 'unpause', 'done'],
    ]);
    expect(await enclave.getServiceStatus('ds-pause')).toEqual({ status: 'running', exitCode: 0 });
    expect(await answersFromHost('ds-pause', 10_000)).toBe(true);
    expect((await backgroundStatus()).status).toBe('stopped');
  });

  it('isolates a service from the others inside the enclave, and heals it', async () => {
    expect(await reaches('prober', 'ds-iso')).toBe(true);
    await monkey.executeJson({ targets: { serviceIds: ['ds-iso'] }, actions: ['isolate'], minSurvivors: 0, recoverAfterSeconds: 600, leashed: false, background: true });
    await untilStatus((r) => r.events.some((e) => e.action === 'isolate' && e.outcome === 'done'));
    expect(await reaches('prober', 'ds-iso')).toBe(false);
    expect(await reaches('prober', 'keeper')).toBe(true);
    // Partitions are inside the enclave: the host still reaches the isolated service.
    expect(await answersFromHost('ds-iso')).toBe(true);

    const stopped = await monkey.executeJson<ChaosReport>({ command: 'stop' });
    expect(stopped.events.map((e) => e.action)).toEqual(['isolate', 'heal']);
    expect(await reaches('prober', 'ds-iso')).toBe(true);
  });

  it('kills and stops services for good, reporting them down', async () => {
    const report = await monkey.executeJson<ChaosReport>({
      targets: { serviceIds: ['ds-pause', 'ds-iso'] },
      actions: ['kill', 'stop'],
      rounds: 2,
      intervalSeconds: 0,
      minSurvivors: 0,
      leashed: false,
      seed: 7,
    });
    expect(report.down).toEqual(['ds-iso', 'ds-pause']);
    for (const e of report.events) {
      expect(e.outcome).toBe('done');
      expect(await enclave.getServiceStatus(e.serviceId)).toMatchObject({ status: 'stopped' });
    }
  });

  it('refuses bad params and unknown services with INVALID_ARGUMENT naming them', async () => {
    const cases: [unknown, string][] = [
      [{}, "'targets'"],
      [{ targets: { serviceIds: ['ghost'] } }, "'targets.serviceIds' names services the enclave does not have: ghost"],
      [{ targets: { pattern: 'ds-\\d' }, probability: 2 }, "'probability'"],
      [{ command: 'status', extra: 1 }, 'extra'],
    ];
    for (const [params, named] of cases) {
      const failure = await monkey.execute(params as object).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(KurtosisError);
      expect(failure).toMatchObject({ code: StatusCode.INVALID_ARGUMENT, message: expect.stringContaining(named) });
    }
  });
});

describe('chaos monkey in an enclave without partitioning', () => {
  let engine: StartedKurtosisEngineContainer;
  let monkey: ModuleUnderTest;

  beforeAll(async () => {
    engine = await new KurtosisEngineContainer().start();
    monkey = await engine.loadModuleInEnclave({ image: MODULE_IMAGE, moduleId: 'monkey' });
    await monkey.enclave.addService('lonely', () =>
      new ContainerConfigBuilder(DATASTORE_IMAGE).withUsedPorts(new Map([['grpc', new PortSpec(DATASTORE_PORT)]])).build(),
    );
  });

  afterAll(async () => {
    await monkey?.destroy();
    await engine?.stop();
  });

  it('refuses an unleashed isolate before touching anything, saying partitioning is needed', async () => {
    const failure = await monkey.execute({ targets: { serviceIds: ['lonely'] }, actions: ['isolate', 'kill'], minSurvivors: 0, leashed: false }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: StatusCode.FAILED_PRECONDITION, message: expect.stringContaining('isolate needs an enclave with partitioning') });
    expect(await monkey.enclave.getServiceStatus('lonely')).toEqual({ status: 'running', exitCode: 0 });
  });
});
