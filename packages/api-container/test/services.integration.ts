// A service's whole life in a real enclave: register, start, reach from the host and from another
// service, exec, wait for HTTP, remove, and take the same ID and IP again.
import { apiContainerApi } from '@kurtosis-ts/protos';
import { dockerObjectsOfEnclave, TEST_SERVICE_PORT, TestServiceImage } from '@kurtosis-ts/server-test-kit';
import { startEnclave, stopEnclave } from './enclave-fixture';
import type { EnclaveFixture } from './enclave-fixture';

const NAME = 'services';

describe('services', () => {
  let image: TestServiceImage;
  let fx: EnclaveFixture;

  beforeAll(async () => {
    image = TestServiceImage.build();
    fx = await startEnclave(NAME);
  });

  afterAll(async () => {
    await stopEnclave(fx, NAME);
    image?.remove();
    expect(dockerObjectsOfEnclave(fx.enclaveId)).toEqual({ containers: [], networks: [], volumes: [] });
  });

  const startArgs = (serviceId: string, extra: Partial<apiContainerApi.StartServiceArgs> = {}) =>
    apiContainerApi.StartServiceArgs.fromPartial({
      serviceId,
      dockerImage: image.tag,
      privatePorts: { http: { number: TEST_SERVICE_PORT, protocol: apiContainerApi.Port_Protocol.TCP } },
      ...extra,
    });

  const waitArgs = (serviceId: string, extra: Partial<apiContainerApi.WaitForHttpGetEndpointAvailabilityArgs> = {}) =>
    apiContainerApi.WaitForHttpGetEndpointAvailabilityArgs.fromPartial({
      serviceId,
      port: TEST_SERVICE_PORT,
      path: 'health',
      retries: 30,
      retriesDelayMilliseconds: 100,
      bodyText: 'ok',
      ...extra,
    });

  it('runs a service from registration to removal, then lets its ID and IP be taken again', async () => {
    const registered = await fx.api.registerService({ serviceId: 'web', partitionId: '' });
    expect(registered.relativeServiceDirpath).toMatch(/^services\/web-\d+$/);
    expect(registered.privateIpAddr).not.toBe(fx.info.apiContainerInfo?.ipInsideEnclave);

    const started = await fx.api.startService(
      startArgs('web', { dockerEnvVars: { GREETING: 'hello' }, enclaveDataDirMntDirpath: '/data' }),
    );
    expect(started.publicIpAddr).toBe('127.0.0.1');
    const hostPort = started.publicPorts['http']?.number ?? 0;
    expect(hostPort).toBeGreaterThan(0);
    expect((await fx.api.getServices({})).serviceIds).toEqual({ web: true });

    // Wait until it serves, from inside the enclave network.
    await fx.api.waitForHttpGetEndpointAvailability(waitArgs('web'));
    await fx.api.waitForHttpPostEndpointAvailability(
      apiContainerApi.WaitForHttpPostEndpointAvailabilityArgs.fromPartial({
        serviceId: 'web',
        port: TEST_SERVICE_PORT,
        path: '/echo',
        requestBody: '{"ping":1}',
        retries: 5,
        retriesDelayMilliseconds: 100,
        bodyText: '{"ping":1}',
      }),
    );

    // Reach it from the host through its published loopback port.
    const response = await fetch(`http://127.0.0.1:${hostPort}/health`);
    expect(await response.text()).toBe('ok');

    const info = await fx.api.getServiceInfo({ serviceId: 'web' });
    expect(info).toEqual({
      privateIpAddr: registered.privateIpAddr,
      privatePorts: { http: { number: TEST_SERVICE_PORT, protocol: apiContainerApi.Port_Protocol.TCP } },
      publicIpAddr: '127.0.0.1',
      publicPorts: started.publicPorts,
      enclaveDataDirMountDirpath: '/data',
      relativeServiceDirpath: registered.relativeServiceDirpath,
    });

    // Exec: argv as given, never through a shell; exit code and combined output come back.
    const echo = await fx.api.execCommand({ serviceId: 'web', commandArgs: ['sh', '-c', 'echo "$GREETING"; echo oops >&2; exit 3'] });
    expect(echo.exitCode).toBe(3);
    expect(echo.logOutput).toContain('hello');
    expect(echo.logOutput).toContain('oops');
    const literal = await fx.api.execCommand({ serviceId: 'web', commandArgs: ['echo', '$GREETING; rm -rf /'] });
    expect(literal).toEqual({ exitCode: 0, logOutput: '$GREETING; rm -rf /\n' });
    // The service directory of the data volume is where RegisterService said it is.
    const listing = await fx.api.execCommand({ serviceId: 'web', commandArgs: ['ls', `/data/${registered.relativeServiceDirpath}`] });
    expect(listing.exitCode).toBe(0);

    // Reach it from another service by its alias.
    await fx.api.registerService({ serviceId: 'probe', partitionId: '' });
    await fx.api.startService(startArgs('probe', { privatePorts: {} }));
    const probe = await fx.api.execCommand({ serviceId: 'probe', commandArgs: ['node', '/app/server.js', 'probe', `http://web:${TEST_SERVICE_PORT}/health`] });
    expect(probe).toEqual({ exitCode: 0, logOutput: '200 ok\n' });

    await fx.api.removeService({ serviceId: 'web', containerStopTimeoutSeconds: 1 });
    expect((await fx.api.getServices({})).serviceIds).toEqual({ probe: true });
    const gone = await fx.api.execCommand({ serviceId: 'probe', commandArgs: ['node', '/app/server.js', 'probe', `http://web:${TEST_SERVICE_PORT}/health`] });
    expect(gone.exitCode).toBe(1);
    expect(gone.logOutput).toMatch(/^unreachable/);

    // The same ID again, and the freed IP is the lowest free one, so it comes back.
    const again = await fx.api.registerService({ serviceId: 'web', partitionId: '' });
    expect(again.privateIpAddr).toBe(registered.privateIpAddr);
    expect(again.relativeServiceDirpath).not.toBe(registered.relativeServiceDirpath);
    await fx.api.startService(startArgs('web'));
    await fx.api.waitForHttpGetEndpointAvailability(waitArgs('web'));
    const reprobe = await fx.api.execCommand({ serviceId: 'probe', commandArgs: ['node', '/app/server.js', 'probe', `http://web:${TEST_SERVICE_PORT}/health`] });
    expect(reprobe.logOutput).toBe('200 ok\n');
  });

  it('keeps the image ENTRYPOINT and CMD unless overrides are given', async () => {
    await fx.api.registerService({ serviceId: 'override', partitionId: '' });
    await fx.api.startService(
      startArgs('override', {
        entrypointArgs: ['node', '-e'],
        cmdArgs: ["require('http').createServer((q, s) => s.end('overridden')).listen(8080)"],
      }),
    );
    await fx.api.waitForHttpGetEndpointAvailability(waitArgs('override', { path: '', bodyText: 'overridden' }));
  });

  it('publishes UDP ports too', async () => {
    await fx.api.registerService({ serviceId: 'udp', partitionId: '' });
    const started = await fx.api.startService(
      startArgs('udp', { privatePorts: { dns: { number: 5353, protocol: apiContainerApi.Port_Protocol.UDP } } }),
    );
    expect(started.publicPorts['dns']).toEqual({ number: expect.any(Number), protocol: apiContainerApi.Port_Protocol.UDP });
  });
});
