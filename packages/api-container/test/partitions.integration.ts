// Network partitions in a real enclave, measured from inside it: hard blocks, heals, a soft
// partition's loss rate, and a service added later being cut off from its very first packet.
import { status } from '@grpc/grpc-js';
import { apiContainerApi } from '@kurtosis-ts/protos';
import { statusOf, TEST_SERVICE_PORT, TEST_SERVICE_UDP_PORT, TestServiceImage } from '@kurtosis-ts/server-test-kit';
import { startEnclave, stopEnclave } from './enclave-fixture';
import type { EnclaveFixture } from './enclave-fixture';
import { repartitionArgs } from './repartition-args';

const NAME = 'partitions';

describe('network partitions', () => {
  let image: TestServiceImage;
  let fx: EnclaveFixture;

  beforeAll(async () => {
    image = TestServiceImage.build('partition-service');
    fx = await startEnclave(NAME, { isPartitioningEnabled: true });
    for (const id of ['a1', 'a2', 'b1']) await addService(id);
  });

  afterAll(async () => {
    await stopEnclave(fx, NAME);
    image?.remove();
  });

  async function addService(serviceId: string, partitionId = '', env: Record<string, string> = {}): Promise<string> {
    const { privateIpAddr } = await fx.api.registerService({ serviceId, partitionId });
    await fx.api.startService(
      apiContainerApi.StartServiceArgs.fromPartial({
        serviceId,
        dockerImage: image.tag,
        privatePorts: { http: { number: TEST_SERVICE_PORT, protocol: apiContainerApi.Port_Protocol.TCP } },
        dockerEnvVars: env,
      }),
    );
    await fx.api.waitForHttpGetEndpointAvailability(
      apiContainerApi.WaitForHttpGetEndpointAvailabilityArgs.fromPartial({ serviceId, port: TEST_SERVICE_PORT, path: 'health', retries: 50, retriesDelayMilliseconds: 100 }),
    );
    return privateIpAddr;
  }

  const run = (serviceId: string, ...argv: string[]) => fx.api.execCommand({ serviceId, commandArgs: ['node', '/app/server.js', ...argv] });
  const probe = async (from: string, to: string) => (await run(from, 'probe', `http://${to}:${TEST_SERVICE_PORT}/health`)).logOutput.trim();
  // A dropped SYN is retried by the kernel, not refused: a second without an answer is proof enough.
  const expectUnreachable = async (from: string, to: string) =>
    expect((await run(from, 'probe', `http://${to}:${TEST_SERVICE_PORT}/health`, '1000')).logOutput.trim()).toMatch(/^unreachable/);
  const udpCount = async (serviceId: string) =>
    Number((await run(serviceId, 'probe', `http://localhost:${TEST_SERVICE_PORT}/udp-count`)).logOutput.trim().split(' ')[1]);

  it('starts with one open default partition', async () => {
    expect(await probe('a1', 'b1')).toBe('200 ok');
  });

  it('blocks A from B and B from A, keeps A whole, and heals', async () => {
    await fx.api.repartition(repartitionArgs({ a: ['a1', 'a2'], b: ['b1'] }, [['a', 'b', 100]]));
    expect(await probe('a1', 'a2')).toBe('200 ok');
    await expectUnreachable('a1', 'b1');
    await expectUnreachable('b1', 'a2');
    // The host still reaches every service through its loopback port: partitions are inside the enclave.
    const b1 = await fx.api.getServiceInfo({ serviceId: 'b1' });
    expect(await (await fetch(`http://127.0.0.1:${b1.publicPorts['http'].number}/health`)).text()).toBe('ok');

    await fx.api.repartition(repartitionArgs({ a: ['a1', 'a2'], b: ['b1'] }, [['a', 'b', 0]]));
    expect(await probe('a1', 'b1')).toBe('200 ok');
    expect(await probe('b1', 'a1')).toBe('200 ok');
  });

  it('loses about half the packets across a 50% soft partition', async () => {
    await fx.api.repartition(repartitionArgs({ a: ['a1', 'a2'], b: ['b1'] }, [], 50));
    const before = await udpCount('b1');
    const sent = 400;
    await run('a1', 'udp-send', 'b1', String(TEST_SERVICE_UDP_PORT), String(sent));
    const received = (await udpCount('b1')) - before;
    // 50% ± 15%; a binomial(400, 0.5) falls outside that about once in 10^9 runs.
    expect(received).toBeGreaterThanOrEqual(sent * 0.35);
    expect(received).toBeLessThanOrEqual(sent * 0.65);
    // Inside a partition nothing is lost.
    const beforeA2 = await udpCount('a2');
    await run('a1', 'udp-send', 'a2', String(TEST_SERVICE_UDP_PORT), '200');
    expect((await udpCount('a2')) - beforeA2).toBe(200);
  });

  it('cuts a service added into B off from A from its first packet', async () => {
    await fx.api.repartition(repartitionArgs({ a: ['a1', 'a2'], b: ['b1'] }, [], 100));
    const a1 = await fx.api.getServiceInfo({ serviceId: 'a1' });
    const before = await udpCount('a1');
    // Its process sends to a1 before doing anything else.
    await addService('late', 'b', { SEND_ON_START: `${a1.privateIpAddr}:${TEST_SERVICE_UDP_PORT}:50` });
    expect((await udpCount('a1')) - before).toBe(0);
    await expectUnreachable('a1', 'late');
    expect(await probe('b1', 'late')).toBe('200 ok');
    await fx.api.removeService({ serviceId: 'late', containerStopTimeoutSeconds: 1 });
  });

  it('repartitions 20 services into two partitions within a second', async () => {
    await fx.api.repartition(repartitionArgs({ a: ['a1', 'a2'], b: ['b1'] }));
    const extra = Array.from({ length: 17 }, (_, i) => `n${i}`);
    await Promise.all(extra.map((id) => addService(id, 'a')));
    const all = ['a1', 'a2', 'b1', ...extra];
    const half = all.length / 2;
    await fx.api.repartition(repartitionArgs({ left: all.slice(0, half), right: all.slice(half) }, [], 0));
    const started = Date.now();
    await fx.api.repartition(repartitionArgs({ left: all.slice(0, half), right: all.slice(half) }, [['left', 'right', 100]]));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(1_000);
    await expectUnreachable(all[0], all[half]);
    expect(await probe(all[0], all[1])).toBe('200 ok');
    await Promise.all(extra.map((serviceId) => fx.api.removeService({ serviceId, containerStopTimeoutSeconds: 0 })));
  }, 180_000);

  describe('bad input', () => {
    afterEach(async () => {
      // The server answers the next call normally, and the enclave keeps its services.
      await expect(fx.api.getServices({})).resolves.toEqual({ serviceIds: { a1: true, a2: true, b1: true } });
    });

    it.each([
      ['no partitions', repartitionArgs({}), 'at least one partition'],
      ['a service in no partition', repartitionArgs({ a: ['a1', 'a2'] }), "in no partition 'b1'"],
      ['an unknown service', repartitionArgs({ a: ['a1', 'a2', 'b1', 'ghost'] }), "unknown services 'ghost'"],
      ['a service in two partitions', repartitionArgs({ a: ['a1', 'a2', 'b1'], b: ['b1'] }), "more than one partition 'b1'"],
      ['a connection to an undefined partition', repartitionArgs({ a: ['a1', 'a2', 'b1'] }, [['a', 'z', 100]]), "partition 'z'"],
      ['both directions of one pair', repartitionArgs({ a: ['a1', 'a2'], b: ['b1'] }, [['a', 'b', 100], ['b', 'a', 100]]), 'both directions'],
      ['a loss below 0', repartitionArgs({ a: ['a1', 'a2'], b: ['b1'] }, [['a', 'b', -1]]), 'is -1'],
      ['a loss above 100', repartitionArgs({ a: ['a1', 'a2'], b: ['b1'] }, [['a', 'b', 101]]), 'is 101'],
      ['a NaN loss', repartitionArgs({ a: ['a1', 'a2'], b: ['b1'] }, [], Number.NaN), 'is NaN'],
      ['an invalid partition ID', repartitionArgs({ 'Bad Partition': ['a1', 'a2', 'b1'] }), "'Bad Partition'"],
    ])('refuses a repartition with %s, keeping the topology', async (_name, args, mentions) => {
      await fx.api.repartition(repartitionArgs({ a: ['a1', 'a2'], b: ['b1'] }, [['a', 'b', 100]]));
      const result = await statusOf(fx.api.repartition(args));
      expect(result.code).toBe(status.INVALID_ARGUMENT);
      expect(result.details).toContain(mentions);
      await expectUnreachable('a1', 'b1');
      expect(await probe('a1', 'a2')).toBe('200 ok');
    });

    it('refuses RegisterService into a partition that does not exist', async () => {
      const result = await statusOf(fx.api.registerService({ serviceId: 'lost', partitionId: 'nowhere' }));
      expect(result.code).toBe(status.NOT_FOUND);
      expect(result.details).toContain("'nowhere'");
    });
  });
});
