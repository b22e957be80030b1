// A module built with module-api-lib runs inside a real enclave and uses its EnclaveContext.
import { execFileSync } from 'node:child_process';
import { KurtosisContext, KurtosisError, StatusCode } from '@kurtosis-ts/engine-client';
import type { EnclaveContext } from '@kurtosis-ts/engine-client';
import { destroyEnclaves, EngineContainer, TEST_SERVICE_PORT, TestModuleImage, TestServiceImage, uniqueEnclaveId } from '@kurtosis-ts/server-test-kit';

describe('a module written with module-api-lib', () => {
  const enclaveId = uniqueEnclaveId('lib-module');
  let engine: EngineContainer;
  let kurtosis: KurtosisContext;
  let enclave: EnclaveContext;
  let moduleImage: TestModuleImage;
  let serviceImage: TestServiceImage;

  beforeAll(async () => {
    moduleImage = TestModuleImage.build('lib-module', 'packages/module-api-lib/test/fixtures/service-starter-module.ts');
    serviceImage = TestServiceImage.build('lib-module-service');
    engine = await EngineContainer.start();
    kurtosis = await KurtosisContext.connect(`127.0.0.1:${engine.port}`);
    enclave = await kurtosis.createEnclave(enclaveId);
  });

  afterAll(async () => {
    enclave?.close();
    kurtosis?.close();
    await destroyEnclaves([enclaveId]);
    await engine?.stop();
    moduleImage?.remove();
    serviceImage?.remove();
  });

  it('starts a service through its EnclaveContext and keeps state between executes', async () => {
    const module = await enclave.loadModule('starter', moduleImage.tag, '{"logLevel":"debug"}');
    const first = JSON.parse(await module.execute(JSON.stringify({ serviceId: 'web', image: serviceImage.tag, port: TEST_SERVICE_PORT })));
    const web = await enclave.getServiceContext('web');
    expect(first).toEqual({ serviceId: 'web', ip: web.getPrivateIPAddress(), startedSoFar: 1 });
    const hostPort = web.getPublicPorts().get('http')?.number;
    expect(await (await fetch(`http://127.0.0.1:${hostPort}/health`)).text()).toBe('ok');

    const second = JSON.parse(await module.execute(JSON.stringify({ serviceId: 'web2', image: serviceImage.tag, port: TEST_SERVICE_PORT })));
    expect(second.startedSoFar).toBe(2);
    expect(await enclave.getServices()).toEqual(new Set(['web', 'web2']));
  });

  it('answers params that fail validation with INVALID_ARGUMENT naming the field', async () => {
    const module = await enclave.getModuleContext('starter');
    const failure = await module.execute(JSON.stringify({ serviceId: 'x', image: serviceImage.tag, port: 0 })).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(KurtosisError);
    expect((failure as KurtosisError).code).toBe(StatusCode.INVALID_ARGUMENT);
    expect((failure as KurtosisError).message).toContain("'port'");
    const badJson = await module.execute('{"serviceId":').catch((e: unknown) => e);
    expect((badJson as KurtosisError).code).toBe(StatusCode.INVALID_ARGUMENT);
  });

  it("passes an error of the module's own enclave calls back with its code", async () => {
    const module = await enclave.getModuleContext('starter');
    // 'web' exists already: the module's addService fails ALREADY_EXISTS and so does the execute.
    const failure = (await module.execute(JSON.stringify({ serviceId: 'web', image: serviceImage.tag, port: TEST_SERVICE_PORT })).catch((e: unknown) => e)) as KurtosisError;
    expect(failure.code).toBe(StatusCode.ALREADY_EXISTS);
    expect(failure.message).toContain("Adding service 'web'");
  });

  it('refuses to start without SERIALIZED_ARGS, naming it', () => {
    let output = '';
    try {
      execFileSync('docker', ['run', '--rm', '--label', 'com.kurtosistech.test=module-api-lib', moduleImage.tag], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      output = String((err as { stderr: string }).stderr);
      expect((err as { status: number }).status).toBe(1);
    }
    expect(output).toContain('SERIALIZED_ARGS is not set');
  });

  it('shuts down gracefully when unloaded, running its shutdown hook first', async () => {
    expect(await enclave.getServices()).toEqual(new Set(['web', 'web2']));
    await enclave.unloadModule('starter');
    expect(await enclave.getModules()).toEqual(new Set());
    // The hook removed what the module had started, through the enclave connection it still had.
    expect(await enclave.getServices()).toEqual(new Set());
  });
});
