// The repartitioner in real enclaves, with real datastores: a plan measured from inside (a probe in
// A reaches A's datastore over gRPC, not B's), a schedule that heals, seeded random partitions that
// repeat, a catch-all partition, and a clear refusal without partitioning.
import { credentials, Metadata } from '@grpc/grpc-js';
import { ContainerConfigBuilder, KurtosisError, PortSpec, StatusCode } from '@kurtosis-ts/engine-client';
import type { EnclaveContext } from '@kurtosis-ts/engine-client';
import { DATASTORE_PORT, datastoreApi } from '@kurtosis-ts/protos';
import { KURTOSIS_TESTING_VERSION, KurtosisEngineContainer, withModuleInEnclave } from '@kurtosis-ts/testing';
import type { ModuleUnderTest, StartedKurtosisEngineContainer } from '@kurtosis-ts/testing';

const MODULE_IMAGE = `kurtosis-ts/repartitioner-module:${KURTOSIS_TESTING_VERSION}`;
// Every service is an example datastore; the probe is one too, because its image has the `node` the
// probe script needs.
const DATASTORE_IMAGE = `kurtosis-ts/example-datastore-server:${KURTOSIS_TESTING_VERSION}`;

// A gRPC IsAvailable call with nothing but Node's http2 (the image has no gRPC client): prints
// "available", or "unreachable <why>" once the connection fails or 5 s pass. A blocked partition
// drops packets, so only the timeout tells; 5 s keeps a loaded machine from looking partitioned.
const PROBE_SCRIPT = `
const [host, port] = process.argv.slice(1);
const fail = (why) => { console.log('unreachable', why); process.exit(1); };
setTimeout(() => fail('timeout'), 5000);
const session = require('node:http2').connect('http://' + host + ':' + port);
session.on('error', (e) => fail(e.code));
const req = session.request({ ':method': 'POST', ':path': '/datastore_api.DatastoreService/IsAvailable', 'content-type': 'application/grpc', te: 'trailers' });
const done = (h) => { if (h['grpc-status'] !== undefined) { console.log(h['grpc-status'] === '0' ? 'available' : 'grpc-status ' + h['grpc-status']); process.exit(0); } };
req.on('response', done);
req.on('trailers', done);
req.on('error', (e) => fail(e.code));
req.resume();
req.end(Buffer.alloc(5));
`;

/** Waits, from the host through its loopback port, until a datastore answers IsAvailable. */
async function waitUntilAvailable(enclave: EnclaveContext, serviceId: string): Promise<void> {
  const port = (await enclave.getServiceContext(serviceId)).getPublicPorts().get('grpc')?.number;
  const client = new datastoreApi.DatastoreServiceClient(`127.0.0.1:${port}`, credentials.createInsecure());
  try {
    await new Promise<void>((resolve, reject) =>
      client.isAvailable({}, new Metadata({ waitForReady: true }), { deadline: Date.now() + 30_000 }, (err) => (err ? reject(err) : resolve())),
    );
  } finally {
    client.close();
  }
}

describe('repartitioner', () => {
  let engine: StartedKurtosisEngineContainer;
  let repartitioner: ModuleUnderTest;

  beforeAll(async () => {
    engine = await new KurtosisEngineContainer().start();
    repartitioner = await engine.loadModuleInEnclave({ image: MODULE_IMAGE, moduleId: 'repartitioner', isPartitioningEnabled: true });
    const { enclave } = repartitioner;
    await Promise.all(
      ['ds-a', 'ds-b', 'probe', 'other'].map(async (id) => {
        await enclave.addService(id, () => new ContainerConfigBuilder(DATASTORE_IMAGE).withUsedPorts(new Map([['grpc', new PortSpec(DATASTORE_PORT)]])).build());
        await waitUntilAvailable(enclave, id);
      }),
    );
  });

  afterAll(async () => {
    await repartitioner?.destroy();
    await engine?.stop();
  });

  const probe = async (to: string) =>
    (await (await repartitioner.enclave.getServiceContext('probe')).execCommand(['node', '-e', PROBE_SCRIPT, to, String(DATASTORE_PORT)])).logOutput.trim();
  const run = async (params: object) => repartitioner.executeJson<{ appliedSteps: { atSeconds: number; healed: boolean; partitions: object }[] }>(params);
  const plan = { partitions: { a: ['ds-a', 'probe'], b: ['ds-b'] }, connections: [{ between: ['a', 'b'], blocked: true }] };

  it("applies a plan: a probe in A reaches A's datastore, not B's; unnamed services go to the catch-all", async () => {
    const result = await run({ plan, catchAllPartition: 'rest' });
    expect(result.appliedSteps).toEqual([
      { atSeconds: expect.any(Number), healed: false, partitions: { a: ['ds-a', 'probe'], b: ['ds-b'], rest: ['other'] }, defaultPacketLossPercentage: 0 },
    ]);
    expect(await probe('ds-a')).toBe('available');
    expect(await probe('ds-b')).toMatch(/^unreachable/);
    expect(await probe('other')).toBe('available');
  });

  it('runs a schedule that ends in a heal, and returns every step', async () => {
    const result = await run({ steps: [{ afterSeconds: 0, plan }, { afterSeconds: 1, heal: true }], catchAllPartition: 'rest' });
    expect(result.appliedSteps.map((s) => s.healed)).toEqual([false, true]);
    expect(result.appliedSteps[1].atSeconds).toBeGreaterThanOrEqual(1);
    expect(await probe('ds-b')).toBe('available');
  });

  it('draws the same random partitions for the same seed', async () => {
    const params = { random: { seed: 1234, partitions: 2, rounds: 3, intervalSeconds: 0 } };
    const first = (await run(params)).appliedSteps.map((s) => s.partitions);
    const second = (await run(params)).appliedSteps.map((s) => s.partitions);
    expect(first).toHaveLength(3);
    expect(second).toEqual(first);
  });

  it('refuses bad params with INVALID_ARGUMENT naming what is wrong', async () => {
    const err = (await repartitioner.execute({ plan: { partitions: { a: ['ds-a'] } } }).catch((e: unknown) => e)) as KurtosisError;
    expect(err.code).toBe(StatusCode.INVALID_ARGUMENT);
    expect(err.message).toContain('leaves out');
  });

  it('refuses clearly in an enclave without partitioning', async () => {
    await withModuleInEnclave(engine, { image: MODULE_IMAGE, isPartitioningEnabled: false }, async (plain) => {
      const err = (await plain.execute({ plan: { partitions: { a: [] } } }).catch((e: unknown) => e)) as KurtosisError;
      expect(err.code).toBe(StatusCode.FAILED_PRECONDITION);
      expect(err.message).toContain('partitioning disabled');
    });
  });
});
