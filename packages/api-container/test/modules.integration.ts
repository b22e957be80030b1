// Modules in a real enclave: a test module built from the protocol package loads, executes,
// keeps state, starts a service through apiContainerSocket and unloads; broken modules fail
// cleanly, with their last log lines and without leaving their container behind.
import { execFileSync } from 'node:child_process';
import { status } from '@grpc/grpc-js';
import { apiContainerApi } from '@kurtosis-ts/protos';
import { statusOf, TestModuleImage, TestServiceImage } from '@kurtosis-ts/server-test-kit';
import { startEnclave, stopEnclave } from './enclave-fixture';
import type { EnclaveFixture } from './enclave-fixture';

const NAME = 'modules';

describe('modules', () => {
  let moduleImage: TestModuleImage;
  let serviceImage: TestServiceImage;
  let fx: EnclaveFixture;

  beforeAll(async () => {
    moduleImage = TestModuleImage.build();
    serviceImage = TestServiceImage.build('module-started-service');
    fx = await startEnclave(NAME);
  });

  afterAll(async () => {
    await stopEnclave(fx, NAME);
    moduleImage?.remove();
    serviceImage?.remove();
  });

  const load = (moduleId: string, serializedParams = '{}', containerImage = moduleImage.tag) =>
    fx.api.loadModule({ moduleId, containerImage, serializedParams });
  const execute = async (moduleId: string, params: object) =>
    JSON.parse((await fx.api.executeModule({ moduleId, serializedParams: JSON.stringify(params) })).serializedResult);
  const moduleContainers = () =>
    execFileSync('docker', ['ps', '-aq', '--filter', `label=com.kurtosistech.enclave-id=${fx.enclaveId}`, '--filter', 'label=com.kurtosistech.container-type=module'], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean);

  it('loads, executes, keeps state, starts a service in its enclave, and unloads', async () => {
    const loaded = await load('echo', '{"mode":"serve","extra":1}');
    expect(loaded.privatePort).toEqual({ number: 1111, protocol: apiContainerApi.Port_Protocol.TCP });
    expect(loaded.publicIpAddr).toBe('127.0.0.1');
    expect(loaded.publicPort?.number).toBeGreaterThan(0);
    expect(await fx.api.getModuleInfo({ moduleId: 'echo' })).toEqual(loaded);
    expect((await fx.api.getModules({})).moduleIds).toEqual({ echo: true });

    // Params go in verbatim and the result comes back verbatim; SERIALIZED_ARGS had what the spec says.
    expect(await execute('echo', { action: 'echo', value: 'ü 42' })).toEqual({
      echo: { action: 'echo', value: 'ü 42' },
      loadParams: { mode: 'serve', extra: 1 },
      enclaveId: fx.enclaveId,
      dataDir: '/kurtosis-enclave-data',
    });

    // In-memory state survives between executes.
    expect(await execute('echo', { action: 'count' })).toEqual({ count: 1 });
    expect(await execute('echo', { action: 'count' })).toEqual({ count: 2 });

    // The module reaches its API container and starts a service there.
    const started = await execute('echo', { action: 'start-service', serviceId: 'from-module', image: serviceImage.tag });
    const info = await fx.api.getServiceInfo({ serviceId: 'from-module' });
    expect(info.privateIpAddr).toBe(started.ip);

    await fx.api.unloadModule({ moduleId: 'echo' });
    expect((await fx.api.getModules({})).moduleIds).toEqual({});
    expect(moduleContainers()).toEqual([]);
    expect((await statusOf(execute('echo', { action: 'count' }))).code).toBe(status.NOT_FOUND);
  });

  it('runs executes of different modules concurrently', async () => {
    await Promise.all([load('para-a'), load('para-b')]);
    const results = await Promise.all([
      execute('para-a', { action: 'count' }),
      execute('para-b', { action: 'count' }),
      execute('para-a', { action: 'count' }),
    ]);
    expect(results.map((r) => r.count).sort()).toEqual([1, 1, 2]);
    await Promise.all([fx.api.unloadModule({ moduleId: 'para-a' }), fx.api.unloadModule({ moduleId: 'para-b' })]);
  });

  it('speaks to a module that serves the pre-December-2021 service name', async () => {
    await load('legacy', '{"mode":"legacy"}');
    expect(await execute('legacy', { action: 'count' })).toEqual({ count: 1 });
    await fx.api.unloadModule({ moduleId: 'legacy' });
  });

  describe('bad input', () => {
    afterEach(async () => {
      // The server answers the next call normally, and no failed module left a container.
      await expect(fx.api.getModules({})).resolves.toEqual({ moduleIds: expect.any(Object) });
    });

    it.each([
      ['an invalid module ID', () => load('Bad ID'), status.INVALID_ARGUMENT, "'Bad ID'"],
      ['an empty image', () => load('no-image', '{}', ''), status.INVALID_ARGUMENT, 'container_image'],
      ['empty load params', () => load('no-params', ''), status.INVALID_ARGUMENT, 'serialized_params'],
      ['an image that does not exist', () => load('missing', '{}', 'kurtosis-ts-test/no-such-module:1'), status.NOT_FOUND, 'kurtosis-ts-test/no-such-module:1'],
      ['ExecuteModule of an unknown module', () => fx.api.executeModule({ moduleId: 'nobody', serializedParams: '{}' }), status.NOT_FOUND, "'nobody'"],
      ['UnloadModule of an unknown module', () => fx.api.unloadModule({ moduleId: 'nobody' }), status.NOT_FOUND, "'nobody'"],
      ['GetModuleInfo of an unknown module', () => fx.api.getModuleInfo({ moduleId: 'nobody' }), status.NOT_FOUND, "'nobody'"],
    ])('refuses %s', async (_name, call, code, mentions) => {
      const result = await statusOf(call());
      expect(result.code).toBe(code);
      expect(result.details).toContain(mentions);
      expect(moduleContainers()).toEqual([]);
    });

    it('refuses a duplicate module ID and keeps the first one working', async () => {
      await load('dup');
      const result = await statusOf(load('dup'));
      expect(result).toEqual({ code: status.ALREADY_EXISTS, details: "Module 'dup' is already loaded" });
      expect(await execute('dup', { action: 'count' })).toEqual({ count: 1 });
      await fx.api.unloadModule({ moduleId: 'dup' });
    });

    it("passes a module's own error back with its code and message", async () => {
      await load('failing');
      const failed = await statusOf(execute('failing', { action: 'fail', why: 'numDatastores must be ≥ 0' }));
      expect(failed).toEqual({ code: status.INVALID_ARGUMENT, details: "Module 'failing' failed: bad params: numDatastores must be ≥ 0" });
      const crashed = await statusOf(execute('failing', { action: 'nonsense' }));
      expect(crashed.code).toBe(status.INTERNAL);
      expect(crashed.details).toContain('unknown action nonsense');
      // Still loaded and answering after both.
      expect(await execute('failing', { action: 'count' })).toEqual({ count: 1 });
      await fx.api.unloadModule({ moduleId: 'failing' });
    });

    it('fails a module that exits at once, with its last log lines, and removes its container', async () => {
      const result = await statusOf(load('quitter', '{"mode":"exit"}'));
      expect(result.code).toBe(status.FAILED_PRECONDITION);
      expect(result.details).toContain('exited with code 3');
      expect(result.details).toContain('exiting at once, as asked');
      expect(moduleContainers()).toEqual([]);
      // The ID is free again.
      await load('quitter');
      await fx.api.unloadModule({ moduleId: 'quitter' });
    });

    it('fails a module that never answers IsAvailable in about 10 s, with its logs, and removes it', async () => {
      const started = Date.now();
      const result = await statusOf(load('mute', '{"mode":"silent"}'));
      const elapsed = Date.now() - started;
      expect(result.code).toBe(status.DEADLINE_EXCEEDED);
      expect(result.details).toContain('staying silent, as asked');
      expect(elapsed).toBeGreaterThanOrEqual(9_500);
      expect(elapsed).toBeLessThan(15_000);
      expect(moduleContainers()).toEqual([]);
    }, 30_000);
  });
});
