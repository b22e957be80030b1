// An EnclaveContext from KurtosisContext keeps working across a kill of its API container: the engine
// brings the API container back on a new host port, and the next call finds it there through the
// engine's answer — for the enclave context and the service and module contexts made before.
import { execFileSync } from 'node:child_process';
import { ContainerConfigBuilder, KurtosisContext, PortSpec } from '@kurtosis-ts/engine-client';
import { apiContainerIdOf, destroyEnclaves, EngineContainer, TEST_SERVICE_PORT, TestModuleImage, TestServiceImage, uniqueEnclaveId } from '@kurtosis-ts/server-test-kit';

describe('an EnclaveContext across an API container kill', () => {
  const enclaveId = uniqueEnclaveId('client-restart');
  let engine: EngineContainer;
  let kurtosis: KurtosisContext;
  let serviceImage: TestServiceImage;
  let moduleImage: TestModuleImage;

  beforeAll(async () => {
    serviceImage = TestServiceImage.build('restart-service');
    moduleImage = TestModuleImage.build('restart-module');
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

  it('follows the API container to its new port and retries the call that failed', async () => {
    const enclave = await kurtosis.createEnclave(enclaveId);
    try {
      const web = await enclave.addService('web', () =>
        new ContainerConfigBuilder(serviceImage.tag)
          .withUsedPorts(new Map([['http', new PortSpec(TEST_SERVICE_PORT)]]))
          .withEnvironmentVariableOverrides(new Map([['ROLE', 'web']]))
          .build(),
      );
      const counter = await enclave.loadModule('counter', moduleImage.tag);
      expect(JSON.parse(await counter.execute('{"action":"count"}'))).toEqual({ count: 1 });
      const before = enclave.getApiContainerAddress();

      const apiContainerId = await apiContainerIdOf(enclaveId);
      const killedAt = Date.now();
      execFileSync('docker', ['kill', apiContainerId], { stdio: 'ignore' });

      // This call fails UNAVAILABLE on the old port; the context asks the engine, waits, reconnects, retries.
      expect(await enclave.getServices()).toEqual(new Set(['web']));
      console.log(`EnclaveContext call across an API container kill: answered ${Date.now() - killedAt} ms after the kill`);
      const after = enclave.getApiContainerAddress();
      expect(after).not.toBe(before);
      const reported = (await kurtosis.getEnclaveInfos()).get(enclaveId)?.apiContainerHostMachineInfo;
      expect(after).toBe(`${reported?.ipOnHostMachine}:${reported?.portOnHostMachine}`);

      // Contexts made before the kill share the connection: they use the new port too.
      expect(await web.execCommand(['printenv', 'ROLE'])).toEqual({ exitCode: 0, logOutput: 'web\n' });
      // The module's container was not touched: it kept its memory.
      expect(JSON.parse(await counter.execute('{"action":"count"}'))).toEqual({ count: 2 });
    } finally {
      enclave.close();
    }
  });
});
