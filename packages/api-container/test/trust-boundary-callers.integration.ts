// Services cannot drive their enclave: a service calling its API container (ApiContainerService, our
// ServiceLifecycleService, ServiceConfigService or EnclaveViewService, whose streams included) is refused with
// PERMISSION_DENIED, in plain and partitioned enclaves,
// while modules and host clients keep working, and the decision follows the enclave's current state
// (an unloaded module's IP, reused by a service, is refused).
import { status } from '@grpc/grpc-js';
import { credentials } from '@grpc/grpc-js';
import { enclaveViewApi, engineApi, serviceLifecycleApi } from '@kurtosis-ts/protos';
import { apiContainerClient, buildHostileImage, destroyEnclaves, dockerObjectsOfEnclave, promiseClient, uniqueEnclaveId } from '@kurtosis-ts/server-test-kit';
import type { ApiContainerClient, TestModuleImage } from '@kurtosis-ts/server-test-kit';
import { startEnclave, stopEnclave } from './enclave-fixture';
import type { EnclaveFixture } from './enclave-fixture';
import { apiSocketOf, callApiFromService, startHostileService, VIEW_RPCS } from './trust-boundary-support';
import type { CallOutcome, ServiceCallOutcomes } from './trust-boundary-support';

const NAME = 'trust-callers';
const PARTITIONED = uniqueEnclaveId('trust-callers-part');
const { ServiceStatus } = serviceLifecycleApi;

describe('trust boundary: who may call the API container', () => {
  let hostile: TestModuleImage;
  let fx: EnclaveFixture;
  let apiSocket: string;
  let intruderIp: string;

  beforeAll(async () => {
    hostile = buildHostileImage('trust-callers');
    fx = await startEnclave(NAME);
    apiSocket = apiSocketOf(fx.info);
    intruderIp = await startHostileService(fx.api, 'intruder', hostile.tag);
    await fx.api.loadModule({ moduleId: 'mod', containerImage: hostile.tag, serializedParams: '{}' });
  });

  afterAll(async () => {
    await destroyEnclaves([PARTITIONED]);
    await stopEnclave(fx, NAME);
    hostile?.remove();
    expect(dockerObjectsOfEnclave(fx.enclaveId)).toEqual({ containers: [], networks: [], volumes: [] });
    expect(dockerObjectsOfEnclave(PARTITIONED)).toEqual({ containers: [], networks: [], volumes: [] });
  });

  const execute = async (params: object): Promise<CallOutcome> =>
    JSON.parse((await fx.api.executeModule({ moduleId: 'mod', serializedParams: JSON.stringify(params) })).serializedResult) as CallOutcome;

  function expectDenied(outcome: CallOutcome, callerIp: string, rpc: string): void {
    expect(outcome.code).toBe(status.PERMISSION_DENIED);
    expect(outcome.details).toContain(`${rpc} refused for caller ${callerIp}:`);
  }

  /** Every RPC the service tried was refused: ApiContainerService, the lifecycle and the enclave view. */
  function expectAllDenied(outcome: ServiceCallOutcomes, callerIp: string): void {
    expectDenied(outcome.api, callerIp, 'GetServices');
    expectDenied(outcome.lifecycle, callerIp, 'ListServiceStatuses');
    expectDenied(outcome.serviceConfig, callerIp, 'GetServiceConfig');
    for (const [method, rpc] of Object.entries(VIEW_RPCS)) expectDenied(outcome.view[method as keyof typeof VIEW_RPCS], callerIp, rpc);
  }

  it('refuses a service calling its API container, the lifecycle service and the enclave view; the host still drives the enclave', async () => {
    const outcome = await callApiFromService(fx.api, 'intruder', apiSocket);
    expectAllDenied(outcome, intruderIp);

    // The host client (through the published loopback port) is served as before, on both services.
    expect((await fx.api.getServices({})).serviceIds).toEqual({ intruder: true });
    const lifecycle = promiseClient(
      new serviceLifecycleApi.ServiceLifecycleServiceClient(`127.0.0.1:${fx.info.apiContainerHostMachineInfo?.portOnHostMachine}`, credentials.createInsecure()),
    );
    const view = promiseClient(
      new enclaveViewApi.EnclaveViewServiceClient(`127.0.0.1:${fx.info.apiContainerHostMachineInfo?.portOnHostMachine}`, credentials.createInsecure()),
    );
    try {
      expect((await lifecycle.getServiceStatus({ serviceId: 'intruder' })).status).toBe(ServiceStatus.SERVICE_STATUS_RUNNING);
      expect((await view.getEnclaveOverview({})).services.map((s) => s.serviceId)).toEqual(['intruder']);
    } finally {
      lifecycle.close();
      view.close();
    }
  });

  it('lets a module control its own enclave, through both services', async () => {
    const registered = await execute({ action: 'api', rpc: 'registerService', args: { serviceId: 'from-module', partitionId: '' } });
    expect(registered.code).toBe(status.OK);
    expect((await fx.api.getServiceInfo({ serviceId: 'intruder' })).privateIpAddr).toBe(intruderIp);
    const statusOfIntruder = await execute({ action: 'lifecycle', rpc: 'getServiceStatus', args: { serviceId: 'intruder' } });
    expect(statusOfIntruder).toMatchObject({ code: status.OK, response: { status: ServiceStatus.SERVICE_STATUS_RUNNING } });
    expect(await execute({ action: 'view', rpc: 'streamLogs', args: { serviceIds: ['intruder'] } })).toMatchObject({ code: status.OK });
    expect(await execute({ action: 'view', rpc: 'getEnclaveOverview' })).toMatchObject({ code: status.OK });
    await fx.api.removeService({ serviceId: 'from-module', containerStopTimeoutSeconds: 0 });
  });

  it("refuses a service that now holds an unloaded module's IP", async () => {
    const moduleIp = (await fx.api.getModuleInfo({ moduleId: 'mod' })).privateIpAddr;
    await fx.api.unloadModule({ moduleId: 'mod' });
    const reuserIp = await startHostileService(fx.api, 'reuser', hostile.tag);
    // The lowest free IP is the one the module gave back.
    expect(reuserIp).toBe(moduleIp);
    const outcome = await callApiFromService(fx.api, 'reuser', apiSocket);
    expectAllDenied(outcome, reuserIp);
    // A module loaded again is allowed again (at a new IP).
    await fx.api.loadModule({ moduleId: 'mod', containerImage: hostile.tag, serializedParams: '{}' });
    expect((await execute({ action: 'api', rpc: 'getServices' })).code).toBe(status.OK);
  });

  it('refuses a service of a partitioned enclave (its address is its sidecar’s)', async () => {
    const { enclaveInfo } = await fx.engine.client.createEnclave(engineApi.CreateEnclaveArgs.fromPartial({ enclaveId: PARTITIONED, isPartitioningEnabled: true }));
    const api: ApiContainerClient = apiContainerClient(enclaveInfo?.apiContainerHostMachineInfo?.portOnHostMachine ?? 0);
    try {
      const ip = await startHostileService(api, 'intruder', hostile.tag);
      const outcome = await callApiFromService(api, 'intruder', apiSocketOf(enclaveInfo as engineApi.EnclaveInfo));
      expectAllDenied(outcome, ip);
      expect((await api.getServices({})).serviceIds).toEqual({ intruder: true });
    } finally {
      api.close();
    }
  });
});
