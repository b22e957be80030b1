// Each service's and module's status as the runtime has it, through our lifecycle extension
// (ListServiceStatuses, GetModuleStatus, ListModuleStatuses): running, paused, stopped with its exit
// code; a module whose container was killed is exited, with its code and image, and stays listed.
import { execFileSync } from 'node:child_process';
import { ContainerConfigBuilder, KurtosisContext } from '@kurtosis-ts/engine-client';
import type { EnclaveContext } from '@kurtosis-ts/engine-client';
import { destroyEnclaves, EngineContainer, moduleContainerIdOf, TestModuleImage, TestServiceImage, uniqueEnclaveId } from '@kurtosis-ts/server-test-kit';

describe('runtime status of services and modules', () => {
  const enclaveId = uniqueEnclaveId('client-status');
  let engine: EngineContainer;
  let kurtosis: KurtosisContext;
  let enclave: EnclaveContext | undefined;
  let serviceImage: TestServiceImage;
  let moduleImage: TestModuleImage;

  beforeAll(async () => {
    serviceImage = TestServiceImage.build('status-service');
    moduleImage = TestModuleImage.build('status-module');
    engine = await EngineContainer.start();
    kurtosis = await KurtosisContext.connect(`127.0.0.1:${engine.port}`);
    enclave = await kurtosis.createEnclave(enclaveId);
  });

  afterAll(async () => {
    enclave?.close();
    kurtosis?.close();
    await destroyEnclaves([enclaveId]);
    await engine?.stop();
    serviceImage?.remove();
    moduleImage?.remove();
  });

  it('reports running, paused and stopped services, with the exit code', async () => {
    const e = enclave as EnclaveContext;
    for (const id of ['running', 'paused', 'killed']) await e.addService(id, () => new ContainerConfigBuilder(serviceImage.tag).build());
    await e.pauseService('paused');
    await e.killService('killed');
    expect(await e.getServiceStatuses()).toEqual(
      new Map([
        ['killed', { status: 'stopped', exitCode: 137 }],
        ['paused', { status: 'paused', exitCode: 0 }],
        ['running', { status: 'running', exitCode: 0 }],
      ]),
    );
  });

  it('reports a killed module as exited with its code and image, still listed', async () => {
    const e = enclave as EnclaveContext;
    await e.loadModule('alive', moduleImage.tag);
    await e.loadModule('doomed', moduleImage.tag);
    execFileSync('docker', ['kill', await moduleContainerIdOf(enclaveId, 'doomed')], { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    let status = await e.getModuleStatus('doomed');
    while (status.status !== 'exited' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = await e.getModuleStatus('doomed');
    }
    expect(status).toEqual({ status: 'exited', exitCode: 137, image: moduleImage.tag });
    expect(await e.getModuleStatuses()).toEqual(
      new Map([
        ['alive', { status: 'running', exitCode: 0, image: moduleImage.tag }],
        ['doomed', { status: 'exited', exitCode: 137, image: moduleImage.tag }],
      ]),
    );
    expect(await e.getModules()).toEqual(new Set(['alive', 'doomed']));
  });
});
