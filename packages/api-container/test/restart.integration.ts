// An API container that is killed and started again still reports and enforces what it held:
// services (started and only registered), modules and their state, the partition topology.
import { execFileSync } from 'node:child_process';
import { TestModuleImage, TestServiceImage } from '@kurtosis-ts/server-test-kit';
import { killAndStartApiContainer, probe as probeFrom, startEnclave, startHttpService, stopEnclave } from './enclave-fixture';
import type { EnclaveFixture } from './enclave-fixture';
import { repartitionArgs } from './repartition-args';

const NAME = 'restart';

describe('API container restart', () => {
  let serviceImage: TestServiceImage;
  let moduleImage: TestModuleImage;
  let fx: EnclaveFixture;
  let externalContainerId: string | undefined;

  beforeAll(async () => {
    serviceImage = TestServiceImage.build('restart-service');
    moduleImage = TestModuleImage.build('restart-module');
    fx = await startEnclave(NAME, { isPartitioningEnabled: true });
  });

  afterAll(async () => {
    if (externalContainerId) execFileSync('docker', ['rm', '-f', externalContainerId], { stdio: 'ignore' });
    await stopEnclave(fx, NAME);
    serviceImage?.remove();
    moduleImage?.remove();
  });

  const start = (serviceId: string) => startHttpService(fx.api, serviceId, serviceImage.tag);
  const probe = (from: string, to: string) => probeFrom(fx.api, from, to);
  const count = async () => JSON.parse((await fx.api.executeModule({ moduleId: 'mod', serializedParams: '{"action":"count"}' })).serializedResult).count;

  it('keeps services, modules and the partition topology', async () => {
    for (const id of ['a', 'b']) {
      await fx.api.registerService({ serviceId: id, partitionId: '' });
      await start(id);
    }
    await fx.api.repartition(repartitionArgs({ pa: ['a'], pb: ['b'] }, [['pa', 'pb', 100]]));
    const pending = await fx.api.registerService({ serviceId: 'pending', partitionId: 'pb' });
    await fx.api.loadModule({ moduleId: 'mod', containerImage: moduleImage.tag, serializedParams: '{}' });
    expect(await count()).toBe(1);
    const infoBefore = await fx.api.getServiceInfo({ serviceId: 'a' });
    // A container joins from outside, the original protocol's way: the caller starts it on the
    // enclave network at the reserved IP, and the API container records it.
    const registration = await fx.api.startExternalContainerRegistration({});
    externalContainerId = execFileSync(
      'docker',
      ['run', '-d', '--label', 'com.kurtosistech.test=api-container-restart', '--network', fx.enclaveId, '--ip', registration.ipAddr, serviceImage.tag],
      { encoding: 'utf8' },
    ).trim();
    await fx.api.finishExternalContainerRegistration({ registrationKey: registration.registrationKey, containerId: externalContainerId });

    // Kill it outright: nothing gets a chance to be saved on the way down.
    fx.api.close();
    fx.api = await killAndStartApiContainer(fx.engine, fx.enclaveId, fx.info.apiContainerInfo?.containerId as string);

    expect(await fx.api.getServices({})).toEqual({ serviceIds: { a: true, b: true } });
    expect(await fx.api.getModules({})).toEqual({ moduleIds: { mod: true } });
    expect(await fx.api.getServiceInfo({ serviceId: 'a' })).toEqual(infoBefore);
    // The module kept its own in-memory state, and is still reachable through the new API container.
    expect(await count()).toBe(2);

    // Still enforced, and still known: the registered service starts into its partition.
    expect(await probe('a', 'b')).toMatch(/^unreachable/);
    await start('pending');
    expect((await fx.api.getServiceInfo({ serviceId: 'pending' })).privateIpAddr).toBe(pending.privateIpAddr);
    expect(await probe('a', 'pending')).toMatch(/^unreachable/);
    expect(await probe('b', 'pending')).toBe('200 ok');

    // The topology can be changed as before: the sidecars' chains are known.
    await fx.api.repartition(repartitionArgs({ pa: ['a'], pb: ['b', 'pending'] }, [['pa', 'pb', 0]]));
    expect(await probe('a', 'b')).toBe('200 ok');

    // No IP is handed out twice after the restart.
    const fresh = await fx.api.registerService({ serviceId: 'fresh', partitionId: 'pa' });
    const taken = await Promise.all(['a', 'b', 'pending'].map(async (id) => (await fx.api.getServiceInfo({ serviceId: id })).privateIpAddr));
    expect(taken).not.toContain(fresh.privateIpAddr);
    expect(fresh.privateIpAddr).not.toBe(registration.ipAddr);
    expect((await fx.api.getModuleInfo({ moduleId: 'mod' })).privateIpAddr).not.toBe(fresh.privateIpAddr);
  });
});
