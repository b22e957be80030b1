// Chaos aimed at our own containers, as a chaos tester would: `docker kill` of the API container
// with everything in use and in the middle of a StartService, of modules idle and mid-Execute, of a
// service, and a files artifact that fails to expand. Each asserts that nothing is lost, that the
// enclave heals by itself, and that what is dead is reported dead, fast.
import { execFileSync } from 'node:child_process';
import { credentials, status } from '@grpc/grpc-js';
import { parseId } from '@kurtosis-ts/domain';
import type { ObjectRef } from '@kurtosis-ts/container-backend';
import { apiContainerApi, serviceLifecycleApi } from '@kurtosis-ts/protos';
import {
  apiContainerClient,
  backend,
  promiseClient,
  statusOf,
  TEST_SERVICE_PORT,
  TestModuleImage,
  TestServiceImage,
} from '@kurtosis-ts/server-test-kit';
import type { PromiseClient } from '@kurtosis-ts/server-test-kit';
import { probe as probeFrom, startEnclave, startHttpService, stopEnclave } from './enclave-fixture';
import type { EnclaveFixture } from './enclave-fixture';
import { repartitionArgs } from './repartition-args';

const NAME = 'fault-injection';
const BACK_WITHIN_MS = 10_000;
const { ModuleStatus, ServiceStatus } = serviceLifecycleApi;
type LifecycleClient = PromiseClient<serviceLifecycleApi.ServiceLifecycleServiceClient>;

describe('fault injection', () => {
  let serviceImage: TestServiceImage;
  let moduleImage: TestModuleImage;
  let fx: EnclaveFixture;
  let lifecycle: LifecycleClient;

  beforeAll(async () => {
    serviceImage = TestServiceImage.build('fault-service');
    moduleImage = TestModuleImage.build('fault-module');
    fx = await startEnclave(NAME, { isPartitioningEnabled: true });
    lifecycle = lifecycleClient(fx.info.apiContainerHostMachineInfo?.portOnHostMachine ?? 0);
  });

  afterAll(async () => {
    lifecycle?.close();
    await stopEnclave(fx, NAME);
    serviceImage?.remove();
    moduleImage?.remove();
  });

  function lifecycleClient(port: number): LifecycleClient {
    return promiseClient(new serviceLifecycleApi.ServiceLifecycleServiceClient(`127.0.0.1:${port}`, credentials.createInsecure()));
  }

  const apiContainerId = () => fx.info.apiContainerInfo?.containerId as string;
  const apiContainerRef = (): ObjectRef => ({ kind: 'api-container', enclaveId: parseId('enclave', fx.enclaveId) });

  /** Polls the engine until the API container runs again and answers on its (new) port; returns how long it took. */
  async function waitUntilBack(killedAt: number): Promise<number> {
    const deadline = killedAt + BACK_WITHIN_MS;
    while (Date.now() < deadline) {
      const info = (await fx.engine.client.getEnclaves({})).enclaveInfo[fx.enclaveId];
      const port = info?.apiContainerHostMachineInfo?.portOnHostMachine;
      if (port) {
        const api = apiContainerClient(port);
        const answered = await api.getServices({}, 1_000).then(
          () => true,
          () => false,
        );
        if (answered) {
          fx.api.close();
          lifecycle.close();
          fx.api = api;
          lifecycle = lifecycleClient(port);
          return Date.now() - killedAt;
        }
        api.close();
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`The API container of ${fx.enclaveId} did not answer again within ${BACK_WITHIN_MS} ms of its kill`);
  }

  const start = (serviceId: string) => startHttpService(fx.api, serviceId, serviceImage.tag);
  const probe = (from: string, to: string) => probeFrom(fx.api, from, to);
  const count = async () => JSON.parse((await fx.api.executeModule({ moduleId: 'mod', serializedParams: '{"action":"count"}' })).serializedResult).count;
  const dockerKill = (containerId: string) => execFileSync('docker', ['kill', containerId], { stdio: 'ignore' });
  const containersOf = (serviceId: string) =>
    execFileSync('docker', ['ps', '-aq', '--filter', `label=com.kurtosistech.enclave-id=${fx.enclaveId}`, '--filter', `label=com.kurtosistech.id=${serviceId}`], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean);

  it('a killed API container comes back by itself within 10 s with its module, services and partitions', async () => {
    for (const id of ['a', 'b', 'c']) {
      await fx.api.registerService({ serviceId: id, partitionId: '' });
      await start(id);
    }
    await fx.api.repartition(repartitionArgs({ pa: ['a'], pb: ['b', 'c'] }, [['pa', 'pb', 100]]));
    await fx.api.loadModule({ moduleId: 'mod', containerImage: moduleImage.tag, serializedParams: '{}' });
    expect(await count()).toBe(1);
    const infoBefore = await fx.api.getServiceInfo({ serviceId: 'a' });

    const killedAt = Date.now();
    dockerKill(apiContainerId());
    const tookMs = await waitUntilBack(killedAt);
    expect(tookMs).toBeLessThan(BACK_WITHIN_MS);

    expect(await fx.api.getServices({})).toEqual({ serviceIds: { a: true, b: true, c: true } });
    expect(await fx.api.getServiceInfo({ serviceId: 'a' })).toEqual(infoBefore);
    expect(await count()).toBe(2);
    expect(await probe('a', 'b')).toMatch(/^unreachable/);
    expect(await probe('b', 'c')).toBe('200 ok');

    // The partition is enforced for a service that joins after the restart, too.
    await fx.api.registerService({ serviceId: 'd', partitionId: 'pa' });
    await start('d');
    expect(await probe('d', 'b')).toMatch(/^unreachable/);
    expect(await probe('b', 'd')).toMatch(/^unreachable/);
    expect(await probe('d', 'a')).toBe('200 ok');
  });

  it('a service whose start was cut short by a kill after its sidecar appeared can be started afterwards', async () => {
    await fx.api.registerService({ serviceId: 'late', partitionId: 'pb' });
    let killedAt = 0;
    const sidecarStarted = new Promise<void>((resolve) => {
      void backend
        .watchEvents((event) => {
          const { ref } = event;
          if (killedAt === 0 && event.action === 'start' && ref.kind === 'networking-sidecar' && ref.enclaveId === fx.enclaveId && ref.guid.startsWith('late-')) {
            killedAt = Date.now();
            dockerKill(apiContainerId());
            resolve();
          }
        })
        .then((watch) => sidecarStarted.finally(() => watch.stop()));
    });
    const cutShort = statusOf(
      fx.api.startService(apiContainerApi.StartServiceArgs.fromPartial({ serviceId: 'late', dockerImage: serviceImage.tag }), 30_000),
    );
    await sidecarStarted;
    expect((await cutShort).code).toBe(status.UNAVAILABLE);
    await waitUntilBack(killedAt);
    // The kill left half of the start behind, and the restarted API container cleared it away.
    expect(await backend.getLastLogLines(apiContainerRef(), 200)).toMatch(
      /(networking sidecar of service 'late' without a service container|container of service 'late' created but never started)/,
    );

    // Nothing of the interrupted start is left in the way: it starts, and it is partitioned as asked.
    await start('late');
    expect(await probe('late', 'b')).toBe('200 ok');
    expect(await probe('late', 'a')).toMatch(/^unreachable/);
    expect(containersOf('late')).toHaveLength(2); // its sidecar and its own container, no orphan
    // Remove + register + start again reuses the name and the address without a conflict.
    await fx.api.removeService({ serviceId: 'late', containerStopTimeoutSeconds: 1 });
    await fx.api.registerService({ serviceId: 'late', partitionId: 'pb' });
    await start('late');
    expect(await probe('late', 'c')).toBe('200 ok');
  });

  it('a module killed while idle is reported dead at once, stays listed, and unloads', async () => {
    await fx.api.loadModule({ moduleId: 'idle', containerImage: moduleImage.tag, serializedParams: '{}' });
    const { moduleIds } = await fx.api.getModules({});
    const container = execFileSync('docker', ['ps', '-q', '--filter', `label=com.kurtosistech.enclave-id=${fx.enclaveId}`, '--filter', 'label=com.kurtosistech.id=idle'], { encoding: 'utf8' }).trim();
    expect(moduleIds.idle).toBe(true);
    dockerKill(container);

    const askedAt = Date.now();
    const dead = await statusOf(fx.api.executeModule({ moduleId: 'idle', serializedParams: '{"action":"count"}' }));
    const answeredInMs = Date.now() - askedAt;
    console.log(`ExecuteModule on a dead module answered in ${answeredInMs} ms`);
    expect(answeredInMs).toBeLessThanOrEqual(1_000);
    expect(dead.code).toBe(status.FAILED_PRECONDITION);
    expect(dead.details).toContain("Module 'idle' is not running: its container exited with code 137");
    expect(dead.details).toContain('test module serving on 1111');
    expect((await fx.api.getModules({})).moduleIds.idle).toBe(true);
    expect(await lifecycle.getModuleStatus({ moduleId: 'idle' })).toEqual({ status: ModuleStatus.MODULE_STATUS_EXITED, exitCode: 137, image: moduleImage.tag });

    await fx.api.unloadModule({ moduleId: 'idle' });
    expect((await fx.api.getModules({})).moduleIds.idle).toBeUndefined();
    expect(containersOf('idle')).toEqual([]);
  });

  it('a module killed or crashing during an Execute fails that call at once', async () => {
    await fx.api.loadModule({ moduleId: 'victim', containerImage: moduleImage.tag, serializedParams: '{}' });
    await fx.api.loadModule({ moduleId: 'crasher', containerImage: moduleImage.tag, serializedParams: '{}' });
    const victim = execFileSync('docker', ['ps', '-q', '--filter', `label=com.kurtosistech.enclave-id=${fx.enclaveId}`, '--filter', 'label=com.kurtosistech.id=victim'], { encoding: 'utf8' }).trim();

    const sleeping = statusOf(fx.api.executeModule({ moduleId: 'victim', serializedParams: '{"action":"sleep","ms":30000}' }));
    // The call is in the module when its status is still running and the execute has not answered.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const killedAt = Date.now();
    dockerKill(victim);
    const killed = await sleeping;
    const failedInMs = Date.now() - killedAt;
    console.log(`an Execute in flight failed ${failedInMs} ms after its module was killed`);
    expect(failedInMs).toBeLessThanOrEqual(1_000);
    expect(killed.code).toBe(status.FAILED_PRECONDITION);
    expect(killed.details).toContain("Module 'victim' is not running: its container exited with code 137");

    const startedAt = Date.now();
    const crashed = await statusOf(fx.api.executeModule({ moduleId: 'crasher', serializedParams: '{"action":"die-during","ms":300}' }));
    expect(Date.now() - startedAt).toBeLessThanOrEqual(300 + 1_000);
    expect(crashed.code).toBe(status.FAILED_PRECONDITION);
    expect(crashed.details).toContain("Module 'crasher' is not running: its container exited with code 1");
    expect(crashed.details).toContain('an unhandled error, as asked');

    const statuses = await lifecycle.listModuleStatuses({});
    expect(statuses.modules.victim).toMatchObject({ status: ModuleStatus.MODULE_STATUS_EXITED, exitCode: 137 });
    expect(statuses.modules.crasher).toMatchObject({ status: ModuleStatus.MODULE_STATUS_EXITED, exitCode: 1 });
    expect(statuses.modules.mod).toMatchObject({ status: ModuleStatus.MODULE_STATUS_RUNNING });
    await fx.api.unloadModule({ moduleId: 'victim' });
    await fx.api.unloadModule({ moduleId: 'crasher' });
    expect(containersOf('victim')).toEqual([]);
    // The other module never noticed.
    expect(await count()).toBe(3);
  });

  it('a killed service is reported stopped with its exit code, the others running', async () => {
    const [serviceContainer] = containersOf('c').filter((id) => execFileSync('docker', ['inspect', '-f', '{{index .Config.Labels "com.kurtosistech.container-type"}}', id], { encoding: 'utf8' }).trim() === 'user-service');
    dockerKill(serviceContainer);
    expect(await lifecycle.getServiceStatus({ serviceId: 'c' })).toEqual({ status: ServiceStatus.SERVICE_STATUS_STOPPED, exitCode: 137 });
    const { services } = await lifecycle.listServiceStatuses({});
    expect(services.c).toEqual({ status: ServiceStatus.SERVICE_STATUS_STOPPED, exitCode: 137 });
    expect(services.a).toEqual({ status: ServiceStatus.SERVICE_STATUS_RUNNING, exitCode: 0 });
    expect((await fx.api.getServices({})).serviceIds.c).toBe(true);
  });

  it('leaves no files-artifact volume behind when an artifact fails to expand', async () => {
    const server = await fx.api.getServiceInfo({ serviceId: 'b' });
    await fx.api.registerFilesArtifacts({ filesArtifactUrls: { truncated: `http://${server.privateIpAddr}:${TEST_SERVICE_PORT}/truncated.tgz` } });
    await fx.api.registerService({ serviceId: 'unpacker', partitionId: 'pb' });
    const failed = await statusOf(
      fx.api.startService(apiContainerApi.StartServiceArgs.fromPartial({ serviceId: 'unpacker', dockerImage: serviceImage.tag, filesArtifactMountDirpaths: { truncated: '/files' } })),
    );
    expect(failed.details).toContain("files artifact 'truncated'");
    const volumes = execFileSync('docker', ['volume', 'ls', '-q', '--filter', `label=com.kurtosistech.enclave-id=${fx.enclaveId}`, '--filter', 'label=com.kurtosistech.volume-type=files-artifact'], {
      encoding: 'utf8',
    });
    expect(volumes.trim()).toBe('');
    expect(containersOf('unpacker')).toEqual([]);
  });
});
