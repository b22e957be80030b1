// The repartitioner in real enclaves: a plan measured from inside, a schedule that heals, seeded
// random partitions that repeat, a catch-all partition, and a clear refusal without partitioning.
import { ContainerConfigBuilder, KurtosisContext, KurtosisError, PortSpec, StatusCode } from '@kurtosis-ts/engine-client';
import type { EnclaveContext, ModuleContext } from '@kurtosis-ts/engine-client';
import { destroyEnclaves, EngineContainer, KURTOSIS_VERSION, TEST_SERVICE_PORT, TestServiceImage, uniqueEnclaveId } from '@kurtosis-ts/server-test-kit';

const MODULE_IMAGE = `kurtosis-ts/repartitioner-module:${KURTOSIS_VERSION}`;

describe('repartitioner', () => {
  const enclaveId = uniqueEnclaveId('repartitioner');
  const plainEnclaveId = uniqueEnclaveId('repartitioner-plain');
  let engine: EngineContainer;
  let kurtosis: KurtosisContext;
  let enclave: EnclaveContext;
  let module: ModuleContext;
  let image: TestServiceImage;

  beforeAll(async () => {
    image = TestServiceImage.build('repartitioner-service');
    engine = await EngineContainer.start();
    kurtosis = await KurtosisContext.connect(`127.0.0.1:${engine.port}`);
    enclave = await kurtosis.createEnclave(enclaveId, true);
    for (const id of ['ds-a', 'ds-b', 'probe', 'other']) {
      await enclave.addService(id, () => new ContainerConfigBuilder(image.tag).withUsedPorts(new Map([['http', new PortSpec(TEST_SERVICE_PORT)]])).build());
      await enclave.waitForHttpGetEndpointAvailability(id, TEST_SERVICE_PORT, 'health', 0, 50, 100, 'ok');
    }
    module = await enclave.loadModule('repartitioner', MODULE_IMAGE);
  });

  afterAll(async () => {
    enclave?.close();
    kurtosis?.close();
    await destroyEnclaves([enclaveId, plainEnclaveId]);
    await engine?.stop();
    image?.remove();
  });

  const probe = async (to: string) =>
    (await (await enclave.getServiceContext('probe')).execCommand(['node', '/app/server.js', 'probe', `http://${to}:${TEST_SERVICE_PORT}/health`, '1000'])).logOutput.trim();
  const run = async (params: object) => JSON.parse(await module.execute(JSON.stringify(params)));
  const plan = { partitions: { a: ['ds-a', 'probe'], b: ['ds-b'] }, connections: [{ between: ['a', 'b'], blocked: true }] };

  it("applies a plan: a probe in A reaches A's datastore, not B's; unnamed services go to the catch-all", async () => {
    const result = await run({ plan, catchAllPartition: 'rest' });
    expect(result.appliedSteps).toEqual([
      { atSeconds: expect.any(Number), healed: false, partitions: { a: ['ds-a', 'probe'], b: ['ds-b'], rest: ['other'] }, defaultPacketLossPercentage: 0 },
    ]);
    expect(await probe('ds-a')).toBe('200 ok');
    expect(await probe('ds-b')).toMatch(/^unreachable/);
    expect(await probe('other')).toBe('200 ok');
  });

  it('runs a schedule that ends in a heal, and returns every step', async () => {
    const result = await run({ steps: [{ afterSeconds: 0, plan }, { afterSeconds: 1, heal: true }], catchAllPartition: 'rest' });
    expect(result.appliedSteps.map((s: { healed: boolean }) => s.healed)).toEqual([false, true]);
    expect(result.appliedSteps[1].atSeconds).toBeGreaterThanOrEqual(1);
    expect(await probe('ds-b')).toBe('200 ok');
  });

  it('draws the same random partitions for the same seed', async () => {
    const params = { random: { seed: 1234, partitions: 2, rounds: 3, intervalSeconds: 0 } };
    const first = (await run(params)).appliedSteps.map((s: { partitions: object }) => s.partitions);
    const second = (await run(params)).appliedSteps.map((s: { partitions: object }) => s.partitions);
    expect(first).toHaveLength(3);
    expect(second).toEqual(first);
  });

  it('refuses bad params with INVALID_ARGUMENT naming what is wrong', async () => {
    const err = (await module.execute(JSON.stringify({ plan: { partitions: { a: ['ds-a'] } } })).catch((e: unknown) => e)) as KurtosisError;
    expect(err.code).toBe(StatusCode.INVALID_ARGUMENT);
    expect(err.message).toContain('leaves out');
  });

  it('refuses clearly in an enclave without partitioning', async () => {
    const plain = await kurtosis.createEnclave(plainEnclaveId, false);
    try {
      const plainModule = await plain.loadModule('repartitioner', MODULE_IMAGE);
      const err = (await plainModule.execute(JSON.stringify({ plan: { partitions: { a: [] } } })).catch((e: unknown) => e)) as KurtosisError;
      expect(err.code).toBe(StatusCode.FAILED_PRECONDITION);
      expect(err.message).toContain('partitioning disabled');
    } finally {
      plain.close();
    }
  });
});
