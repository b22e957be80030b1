// The client drives a whole scenario against the real engine: enclave, services, a module,
// repartition, exec, teardown — and its errors say what was being done, with the server's code.
import {
  BlockedPartitionConnection,
  ContainerConfigBuilder,
  KurtosisContext,
  KurtosisError,
  PortSpec,
  StatusCode,
  UnblockedPartitionConnection,
} from '@kurtosis-ts/engine-client';
import type { EnclaveContext } from '@kurtosis-ts/engine-client';
import { destroyEnclaves, dockerObjectsOfEnclave, EngineContainer, TEST_SERVICE_PORT, TestModuleImage, TestServiceImage, uniqueEnclaveId } from '@kurtosis-ts/server-test-kit';

describe('engine client scenario', () => {
  const enclaveId = uniqueEnclaveId('client');
  let engine: EngineContainer;
  let kurtosis: KurtosisContext;
  let serviceImage: TestServiceImage;
  let moduleImage: TestModuleImage;

  beforeAll(async () => {
    serviceImage = TestServiceImage.build('client-service');
    moduleImage = TestModuleImage.build('client-module');
    engine = await EngineContainer.start();
    kurtosis = await KurtosisContext.connect(`127.0.0.1:${engine.port}`);
  });

  afterAll(async () => {
    kurtosis?.close();
    await destroyEnclaves([enclaveId]);
    await engine?.stop();
    serviceImage?.remove();
    moduleImage?.remove();
  });

  const web = (image: string) => () =>
    new ContainerConfigBuilder(image)
      .withUsedPorts(new Map([['http', new PortSpec(TEST_SERVICE_PORT)]]))
      .withEnvironmentVariableOverrides(new Map([['ROLE', 'web']]))
      .build();

  async function rejection(promise: Promise<unknown>): Promise<KurtosisError> {
    const err = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(KurtosisError);
    return err as KurtosisError;
  }

  it('runs an enclave from creation to teardown', async () => {
    expect(kurtosis.engineVersion).toMatch(/^\d+\.\d+\.\d+/);
    const enclave: EnclaveContext = await kurtosis.createEnclave(enclaveId, true);
    expect(enclave.getEnclaveId()).toBe(enclaveId);
    expect(await kurtosis.getEnclaves()).toContain(enclaveId);

    let sharedPath = '';
    const a = await enclave.addServiceToPartition('a', 'default', (ip, shared) => {
      sharedPath = shared.pathOnServiceContainer;
      expect(ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      return web(serviceImage.tag)();
    });
    const b = await enclave.addService('b', web(serviceImage.tag));
    await enclave.waitForHttpGetEndpointAvailability('a', TEST_SERVICE_PORT, 'health', 0, 50, 100, 'ok');
    await enclave.waitForHttpPostEndpointAvailability('b', TEST_SERVICE_PORT, 'echo', 'hi', 0, 50, 100, 'hi');
    expect(await enclave.getServices()).toEqual(new Set(['a', 'b']));
    expect(b.getPrivateIPAddress()).not.toBe(a.getPrivateIPAddress());

    // The same service seen again from the enclave, with its published ports on loopback.
    const again = await enclave.getServiceContext('a');
    expect(again.getPrivateIPAddress()).toBe(a.getPrivateIPAddress());
    expect(again.getMaybePublicIPAddress()).toBe('127.0.0.1');
    expect(again.getPublicPorts()).toEqual(a.getPublicPorts());
    expect(await (await fetch(`http://127.0.0.1:${a.getPublicPorts().get('http')?.number}/health`)).text()).toBe('ok');

    // Exec, the shared directory, the env override.
    expect(await a.execCommand(['printenv', 'ROLE'])).toEqual({ exitCode: 0, logOutput: 'web\n' });
    expect((await a.execCommand(['test', '-d', sharedPath])).exitCode).toBe(0);

    // Partitions: block, check from inside, heal.
    const probe = async (from: typeof a, to: string) =>
      (await from.execCommand(['node', '/app/server.js', 'probe', `http://${to}:${TEST_SERVICE_PORT}/health`, '1000'])).logOutput.trim();
    await enclave.repartitionNetwork(
      new Map([['left', new Set(['a'])], ['right', new Set(['b'])]]),
      new Map([['left', new Map([['right', new BlockedPartitionConnection()]])]]),
      new UnblockedPartitionConnection(),
    );
    expect(await probe(a, 'b')).toMatch(/^unreachable/);
    await enclave.repartitionNetwork(new Map([['left', new Set(['a'])], ['right', new Set(['b'])]]), new Map(), new UnblockedPartitionConnection());
    expect(await probe(a, 'b')).toBe('200 ok');

    // A module: load, execute, unload.
    const module = await enclave.loadModule('counter', moduleImage.tag);
    expect(JSON.parse(await module.execute('{"action":"count"}'))).toEqual({ count: 1 });
    expect(await enclave.getModules()).toEqual(new Set(['counter']));
    expect(JSON.parse(await (await enclave.getModuleContext('counter')).execute('{"action":"count"}'))).toEqual({ count: 2 });
    await enclave.unloadModule('counter');

    // Errors carry the server's code and say what was being done.
    const unknownService = await rejection(enclave.getServiceContext('nobody'));
    expect(unknownService.code).toBe(StatusCode.NOT_FOUND);
    expect(unknownService.message).toMatch(/^Getting service 'nobody': /);
    const duplicate = await rejection(kurtosis.createEnclave(enclaveId));
    expect(duplicate.code).toBe(StatusCode.ALREADY_EXISTS);
    expect(duplicate.message).toContain(`Creating enclave '${enclaveId}'`);
    const failing = await rejection(module.execute('{}'));
    expect(failing.code).toBe(StatusCode.NOT_FOUND);

    // The lifecycle extension, on the same connection: pause, unpause, kill.
    await enclave.pauseService('b');
    expect(await enclave.getServiceStatus('b')).toEqual({ status: 'paused', exitCode: 0 });
    await enclave.unpauseService('b');
    await enclave.killService('b');
    expect(await enclave.getServiceStatus('b')).toEqual({ status: 'stopped', exitCode: 137 });
    const pauseStopped = await rejection(enclave.pauseService('b'));
    expect(pauseStopped.code).toBe(StatusCode.FAILED_PRECONDITION);
    expect(pauseStopped.message).toBe("Pausing service 'b': Service 'b' is stopped; only a running service can be paused");

    // Teardown.
    await enclave.removeService('b', 1);
    expect(await enclave.getServices()).toEqual(new Set(['a']));
    enclave.close();
    await kurtosis.stopEnclave(enclaveId);
    const stopped = await rejection(kurtosis.getEnclaveContext(enclaveId));
    expect(stopped.code).toBe(StatusCode.FAILED_PRECONDITION);
    await kurtosis.destroyEnclave(enclaveId);
    expect(await kurtosis.getEnclaves()).not.toContain(enclaveId);
    expect(dockerObjectsOfEnclave(enclaveId)).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('says how to start the engine when none answers', async () => {
    const err = await rejection(KurtosisContext.connect('127.0.0.1:1', { timeoutMs: 2_000 }));
    expect(err.code).toBe(StatusCode.UNAVAILABLE);
    expect(err.message).toContain('kurtosis engine start');
  });
});
