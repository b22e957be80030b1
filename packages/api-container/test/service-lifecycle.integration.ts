// Our ServiceLifecycleService in a real enclave: pause freezes a service and unpause brings it back,
// stop keeps it in the enclave until a restart, kill delivers SIGKILL even to PID 1, and every
// wrong call is refused with the status code and a message naming what was wrong.
import { credentials, status } from '@grpc/grpc-js';
import { apiContainerApi, serviceLifecycleApi } from '@kurtosis-ts/protos';
import { dockerObjectsOfEnclave, promiseClient, statusOf, TEST_SERVICE_PORT, TestServiceImage } from '@kurtosis-ts/server-test-kit';
import type { PromiseClient } from '@kurtosis-ts/server-test-kit';
import { startEnclave, stopEnclave } from './enclave-fixture';
import type { EnclaveFixture } from './enclave-fixture';

const NAME = 'lifecycle';
const { ServiceStatus } = serviceLifecycleApi;

describe('service lifecycle', () => {
  let image: TestServiceImage;
  let fx: EnclaveFixture;
  let lifecycle: PromiseClient<serviceLifecycleApi.ServiceLifecycleServiceClient>;

  beforeAll(async () => {
    image = TestServiceImage.build('lifecycle-service');
    fx = await startEnclave(NAME);
    const port = fx.info.apiContainerHostMachineInfo?.portOnHostMachine;
    lifecycle = promiseClient(new serviceLifecycleApi.ServiceLifecycleServiceClient(`127.0.0.1:${port}`, credentials.createInsecure()));
  });

  afterAll(async () => {
    lifecycle?.close();
    await stopEnclave(fx, NAME);
    image?.remove();
    expect(dockerObjectsOfEnclave(fx.enclaveId)).toEqual({ containers: [], networks: [], volumes: [] });
  });

  async function startWebService(serviceId: string): Promise<void> {
    await fx.api.registerService({ serviceId, partitionId: '' });
    await fx.api.startService(
      apiContainerApi.StartServiceArgs.fromPartial({
        serviceId,
        dockerImage: image.tag,
        privatePorts: { http: { number: TEST_SERVICE_PORT, protocol: apiContainerApi.Port_Protocol.TCP } },
      }),
    );
    await waitUntilHealthy(serviceId);
  }

  async function waitUntilHealthy(serviceId: string): Promise<void> {
    await fx.api.waitForHttpGetEndpointAvailability(
      apiContainerApi.WaitForHttpGetEndpointAvailabilityArgs.fromPartial({ serviceId, port: TEST_SERVICE_PORT, path: 'health', retries: 50, retriesDelayMilliseconds: 100, bodyText: 'ok' }),
    );
  }

  /** GET /health through the service's published loopback port, as a host-side user would. */
  async function healthFromHost(serviceId: string): Promise<string> {
    const hostPort = (await fx.api.getServiceInfo({ serviceId })).publicPorts['http']?.number;
    try {
      const response = await fetch(`http://127.0.0.1:${hostPort}/health`, { signal: AbortSignal.timeout(1500) });
      return await response.text();
    } catch (err) {
      return `unreachable (${(err as Error).name})`;
    }
  }

  it('pauses a service so it stops answering, and unpauses it so it answers again', async () => {
    await startWebService('paused-web');
    expect(await lifecycle.getServiceStatus({ serviceId: 'paused-web' })).toEqual({ status: ServiceStatus.SERVICE_STATUS_RUNNING, exitCode: 0 });

    expect(await lifecycle.pauseService({ serviceId: 'paused-web' })).toEqual({ status: ServiceStatus.SERVICE_STATUS_PAUSED });
    expect(await healthFromHost('paused-web')).toBe('unreachable (TimeoutError)');
    const again = await statusOf(lifecycle.pauseService({ serviceId: 'paused-web' }));
    expect(again.code).toBe(status.FAILED_PRECONDITION);
    expect(again.details).toBe("Service 'paused-web' is paused; only a running service can be paused");

    expect(await lifecycle.unpauseService({ serviceId: 'paused-web' })).toEqual({ status: ServiceStatus.SERVICE_STATUS_RUNNING });
    expect(await healthFromHost('paused-web')).toBe('ok');
    expect((await statusOf(lifecycle.unpauseService({ serviceId: 'paused-web' }))).code).toBe(status.FAILED_PRECONDITION);
  });

  it('stops a service, keeps it in the enclave at the same IP, and restarts it', async () => {
    await startWebService('stopped-web');
    const before = await fx.api.getServiceInfo({ serviceId: 'stopped-web' });

    expect(await lifecycle.stopService({ serviceId: 'stopped-web', stopTimeoutSeconds: 1 })).toEqual({ status: ServiceStatus.SERVICE_STATUS_STOPPED });
    expect((await fx.api.getServices({})).serviceIds).toHaveProperty('stopped-web', true);
    expect((await lifecycle.getServiceStatus({ serviceId: 'stopped-web' })).status).toBe(ServiceStatus.SERVICE_STATUS_STOPPED);
    expect((await statusOf(lifecycle.killService({ serviceId: 'stopped-web', signal: 'SIGKILL' }))).code).toBe(status.FAILED_PRECONDITION);

    expect(await lifecycle.restartService({ serviceId: 'stopped-web', stopTimeoutSeconds: 1 })).toEqual({ status: ServiceStatus.SERVICE_STATUS_RUNNING });
    await waitUntilHealthy('stopped-web');
    const after = await fx.api.getServiceInfo({ serviceId: 'stopped-web' });
    expect(after.privateIpAddr).toBe(before.privateIpAddr);
    // The host port may change on restart; the one GetServiceInfo reports now is the one that answers.
    expect(await healthFromHost('stopped-web')).toBe('ok');
  });

  it('kills a service with SIGKILL although it runs as PID 1, and refuses a signal that does not exist', async () => {
    await startWebService('killed-web');
    const badSignal = await statusOf(lifecycle.killService({ serviceId: 'killed-web', signal: 'SIGFOO' }));
    expect(badSignal).toEqual({ code: status.INVALID_ARGUMENT, details: expect.stringContaining("'SIGFOO' is not a signal name") });

    expect(await lifecycle.killService({ serviceId: 'killed-web', signal: '' })).toEqual({ status: ServiceStatus.SERVICE_STATUS_STOPPED });
    expect(await lifecycle.getServiceStatus({ serviceId: 'killed-web' })).toEqual({ status: ServiceStatus.SERVICE_STATUS_STOPPED, exitCode: 137 });
  });

  it('removes a paused service', async () => {
    await startWebService('removed-web');
    await lifecycle.pauseService({ serviceId: 'removed-web' });
    await fx.api.removeService({ serviceId: 'removed-web', containerStopTimeoutSeconds: 1 });
    expect((await fx.api.getServices({})).serviceIds).not.toHaveProperty('removed-web');
    expect((await statusOf(lifecycle.getServiceStatus({ serviceId: 'removed-web' }))).code).toBe(status.NOT_FOUND);
  });

  it('refuses unknown, invalid and unstarted service IDs', async () => {
    const unknown = await statusOf(lifecycle.pauseService({ serviceId: 'no-such-service' }));
    expect(unknown).toEqual({ code: status.NOT_FOUND, details: "No service with ID 'no-such-service' is registered in this enclave" });
    expect((await statusOf(lifecycle.stopService({ serviceId: 'Not A Valid ID!', stopTimeoutSeconds: 0 }))).code).toBe(status.INVALID_ARGUMENT);
    await fx.api.registerService({ serviceId: 'registered-only', partitionId: '' });
    const unstarted = await statusOf(lifecycle.killService({ serviceId: 'registered-only', signal: 'SIGTERM' }));
    expect(unstarted).toEqual({ code: status.FAILED_PRECONDITION, details: "Service 'registered-only' is registered but has not been started" });
  });
});
