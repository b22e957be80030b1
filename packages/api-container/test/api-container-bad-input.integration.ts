// Every kind of bad input the API container must survive: the right status code, a message naming
// what was wrong, nothing leaked, and a server that answers the next call normally.
import { status } from '@grpc/grpc-js';
import { apiContainerApi } from '@kurtosis-ts/protos';
import { statusOf, TEST_SERVICE_PORT, TestServiceImage } from '@kurtosis-ts/server-test-kit';
import type { ApiContainerClient } from '@kurtosis-ts/server-test-kit';
import { execFileSync } from 'node:child_process';
import { startEnclave, stopEnclave } from './enclave-fixture';
import type { EnclaveFixture } from './enclave-fixture';

const NAME = 'api-bad-input';
const { TCP } = apiContainerApi.Port_Protocol;

interface BadCall {
  name: string;
  call: (api: ApiContainerClient) => Promise<unknown>;
  code: status;
  mentions: string;
}

const register = (serviceId: string, partitionId = '') => (api: ApiContainerClient) => api.registerService({ serviceId, partitionId });
const start = (fields: Partial<apiContainerApi.StartServiceArgs>) => (api: ApiContainerClient) =>
  api.startService(apiContainerApi.StartServiceArgs.fromPartial({ serviceId: 'registered', dockerImage: 'node:20-bookworm-slim', ...fields }));
const waitGet = (fields: Partial<apiContainerApi.WaitForHttpGetEndpointAvailabilityArgs>) => (api: ApiContainerClient) =>
  api.waitForHttpGetEndpointAvailability(apiContainerApi.WaitForHttpGetEndpointAvailabilityArgs.fromPartial({ serviceId: 'running', port: TEST_SERVICE_PORT, ...fields }));

const badCalls: BadCall[] = [
  { name: 'RegisterService with an empty ID', call: register(''), code: status.INVALID_ARGUMENT, mentions: 'must not be empty' },
  { name: 'RegisterService with a 64-character ID', call: register('s'.repeat(64)), code: status.INVALID_ARGUMENT, mentions: 'maximum is 63' },
  { name: 'RegisterService with an upper-case ID', call: register('Web'), code: status.INVALID_ARGUMENT, mentions: "'Web'" },
  { name: "RegisterService with '/' in the ID", call: register('a/b'), code: status.INVALID_ARGUMENT, mentions: "'a/b'" },
  { name: "RegisterService with ':' in the ID", call: register('a:b'), code: status.INVALID_ARGUMENT, mentions: "'a:b'" },
  { name: 'RegisterService with a space in the ID', call: register('a b'), code: status.INVALID_ARGUMENT, mentions: "'a b'" },
  { name: 'RegisterService with shell metacharacters', call: register('a;rm -rf /'), code: status.INVALID_ARGUMENT, mentions: "'a;rm -rf /'" },
  { name: 'RegisterService of an ID already registered', call: register('registered'), code: status.ALREADY_EXISTS, mentions: "'registered'" },
  { name: 'RegisterService of an ID already running', call: register('running'), code: status.ALREADY_EXISTS, mentions: "'running'" },
  { name: 'RegisterService into a partition without partitioning', call: register('other', 'left'), code: status.FAILED_PRECONDITION, mentions: 'without partitioning' },
  { name: 'StartService of an unknown service', call: start({ serviceId: 'nobody' }), code: status.NOT_FOUND, mentions: "'nobody'" },
  { name: 'StartService twice', call: start({ serviceId: 'running' }), code: status.FAILED_PRECONDITION, mentions: 'already been started' },
  { name: 'StartService with an empty port ID', call: start({ privatePorts: { '': { number: 80, protocol: TCP } } }), code: status.INVALID_ARGUMENT, mentions: "port ID ''" },
  { name: "StartService with ':' in a port ID", call: start({ privatePorts: { 'a:b': { number: 80, protocol: TCP } } }), code: status.INVALID_ARGUMENT, mentions: "'a:b'" },
  { name: "StartService with ',' in a port ID", call: start({ privatePorts: { 'a,b': { number: 80, protocol: TCP } } }), code: status.INVALID_ARGUMENT, mentions: "'a,b'" },
  { name: 'StartService with port number 0', call: start({ privatePorts: { http: { number: 0, protocol: TCP } } }), code: status.INVALID_ARGUMENT, mentions: '0 is not a port number' },
  { name: 'StartService with port number 65536', call: start({ privatePorts: { http: { number: 65536, protocol: TCP } } }), code: status.INVALID_ARGUMENT, mentions: '65536 is not a port number' },
  { name: 'StartService with an unknown protocol', call: start({ privatePorts: { http: { number: 80, protocol: 7 as apiContainerApi.Port_Protocol } } }), code: status.INVALID_ARGUMENT, mentions: 'protocol 7' },
  { name: 'StartService with two port IDs on one port', call: start({ privatePorts: { a: { number: 80, protocol: TCP }, b: { number: 80, protocol: TCP } } }), code: status.INVALID_ARGUMENT, mentions: '80/tcp' },
  { name: 'StartService with an empty image', call: start({ dockerImage: '' }), code: status.INVALID_ARGUMENT, mentions: 'docker_image' },
  { name: 'StartService with an image that does not exist', call: start({ dockerImage: 'kurtosis-ts-test/no-such-image:1' }), code: status.NOT_FOUND, mentions: 'kurtosis-ts-test/no-such-image:1' },
  { name: "StartService with '=' in an env var name", call: start({ dockerEnvVars: { 'A=B': 'c' } }), code: status.INVALID_ARGUMENT, mentions: "'A=B'" },
  { name: 'StartService with a relative data dir mount path', call: start({ enclaveDataDirMntDirpath: 'data' }), code: status.INVALID_ARGUMENT, mentions: 'absolute' },
  { name: 'StartService with an unregistered files artifact', call: start({ filesArtifactMountDirpaths: { art: '/files' } }), code: status.NOT_FOUND, mentions: "'art'" },
  { name: 'GetServiceInfo of an unknown service', call: (api) => api.getServiceInfo({ serviceId: 'nobody' }), code: status.NOT_FOUND, mentions: "'nobody'" },
  { name: 'GetServiceInfo before StartService', call: (api) => api.getServiceInfo({ serviceId: 'registered' }), code: status.FAILED_PRECONDITION, mentions: 'has not been started' },
  { name: 'GetServiceInfo with an invalid ID', call: (api) => api.getServiceInfo({ serviceId: 'a;b' }), code: status.INVALID_ARGUMENT, mentions: "'a;b'" },
  { name: 'RemoveService of an unknown service', call: (api) => api.removeService({ serviceId: 'nobody', containerStopTimeoutSeconds: 1 }), code: status.NOT_FOUND, mentions: "'nobody'" },
  { name: 'ExecCommand in an unknown service', call: (api) => api.execCommand({ serviceId: 'nobody', commandArgs: ['true'] }), code: status.NOT_FOUND, mentions: "'nobody'" },
  { name: 'ExecCommand with an empty argv', call: (api) => api.execCommand({ serviceId: 'running', commandArgs: [] }), code: status.INVALID_ARGUMENT, mentions: 'command_args' },
  { name: 'ExecCommand in a service not started', call: (api) => api.execCommand({ serviceId: 'registered', commandArgs: ['true'] }), code: status.FAILED_PRECONDITION, mentions: 'has not been started' },
  { name: 'WaitForHttpGet of an unknown service', call: waitGet({ serviceId: 'nobody' }), code: status.NOT_FOUND, mentions: "'nobody'" },
  { name: 'WaitForHttpGet on port 0', call: waitGet({ port: 0 }), code: status.INVALID_ARGUMENT, mentions: '0 is not a port number' },
  { name: 'WaitForHttpGet on port 70000', call: waitGet({ port: 70000 }), code: status.INVALID_ARGUMENT, mentions: '70000 is not a port number' },
  { name: 'WaitForHttpGet where nothing listens', call: waitGet({ port: 9, retries: 3, retriesDelayMilliseconds: 50 }), code: status.DEADLINE_EXCEEDED, mentions: 'after 3 attempt(s)' },
  { name: 'WaitForHttpGet with a wrong body text', call: waitGet({ path: 'health', retries: 2, retriesDelayMilliseconds: 50, bodyText: 'healthy' }), code: status.DEADLINE_EXCEEDED, mentions: "instead of the expected 'healthy'" },
  { name: 'WaitForHttpGet of a path that answers 404', call: waitGet({ path: 'missing', retries: 0 }), code: status.DEADLINE_EXCEEDED, mentions: 'HTTP 404' },
  {
    name: 'WaitForHttpPost on port 0',
    call: (api) => api.waitForHttpPostEndpointAvailability(apiContainerApi.WaitForHttpPostEndpointAvailabilityArgs.fromPartial({ serviceId: 'running', port: 0 })),
    code: status.INVALID_ARGUMENT,
    mentions: '0 is not a port number',
  },
  { name: 'FinishExternalContainerRegistration with an unknown key', call: (api) => api.finishExternalContainerRegistration({ registrationKey: 'nope', containerId: 'x' }), code: status.NOT_FOUND, mentions: "'nope'" },
  { name: 'Repartition of an enclave without partitioning', call: (api) => api.repartition(apiContainerApi.RepartitionArgs.fromPartial({})), code: status.FAILED_PRECONDITION, mentions: 'without partitioning' },
];

describe('API container bad input', () => {
  let image: TestServiceImage;
  let fx: EnclaveFixture;

  beforeAll(async () => {
    image = TestServiceImage.build('bad-input-service');
    fx = await startEnclave(NAME);
    await fx.api.registerService({ serviceId: 'registered', partitionId: '' });
    await fx.api.registerService({ serviceId: 'running', partitionId: '' });
    await fx.api.startService(
      apiContainerApi.StartServiceArgs.fromPartial({ serviceId: 'running', dockerImage: image.tag, privatePorts: { http: { number: TEST_SERVICE_PORT, protocol: TCP } } }),
    );
    await fx.api.waitForHttpGetEndpointAvailability(
      apiContainerApi.WaitForHttpGetEndpointAvailabilityArgs.fromPartial({ serviceId: 'running', port: TEST_SERVICE_PORT, path: 'health', retries: 30, retriesDelayMilliseconds: 100 }),
    );
  });

  afterAll(async () => {
    await stopEnclave(fx, NAME);
    image?.remove();
  });

  afterEach(async () => {
    // The server answers the next call normally, and its services are as they were.
    await expect(fx.api.getServices({})).resolves.toEqual({ serviceIds: { running: true } });
  });

  it.each(badCalls)('refuses $name', async ({ call, code, mentions }) => {
    const result = await statusOf(call(fx.api));
    expect(result.code).toBe(code);
    expect(result.details).toContain(mentions);
  });

  it('waits out every retry before DEADLINE_EXCEEDED', async () => {
    const started = Date.now();
    const result = await statusOf(waitGet({ port: 9, initialDelayMilliseconds: 200, retries: 4, retriesDelayMilliseconds: 150 })(fx.api));
    expect(result.code).toBe(status.DEADLINE_EXCEEDED);
    // initial delay + 3 gaps between 4 attempts
    expect(Date.now() - started).toBeGreaterThanOrEqual(200 + 3 * 150);
  });

  it('leaves a service whose image is missing registered, startable, and without a container', async () => {
    await fx.api.registerService({ serviceId: 'retry', partitionId: '' });
    const failed = await statusOf(start({ serviceId: 'retry', dockerImage: 'kurtosis-ts-test/no-such-image:2' })(fx.api));
    expect(failed.code).toBe(status.NOT_FOUND);
    const containers = execFileSync('docker', ['ps', '-aq', '--filter', `label=com.kurtosistech.id=retry`, '--filter', `label=com.kurtosistech.enclave-id=${fx.enclaveId}`], { encoding: 'utf8' });
    expect(containers.trim()).toBe('');
    await fx.api.startService(apiContainerApi.StartServiceArgs.fromPartial({ serviceId: 'retry', dockerImage: image.tag }));
    expect((await fx.api.getServices({})).serviceIds).toEqual({ running: true, retry: true });
    await fx.api.removeService({ serviceId: 'retry', containerStopTimeoutSeconds: 1 });
  });
});
