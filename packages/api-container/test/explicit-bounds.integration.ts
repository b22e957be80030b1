// Bounds are explicit: a delay, retry count, timeout or size above its documented maximum is
// INVALID_ARGUMENT naming the field and the maximum (never silently changed), a full subnet is
// RESOURCE_EXHAUSTED naming the subnet, Docker's refusals keep their meaning (never INTERNAL), and a
// bulk-commands document with a key the protocol does not define is refused — each against the real
// API container, which answers normally afterwards.
import { execFileSync } from 'node:child_process';
import { credentials, status } from '@grpc/grpc-js';
import { apiContainerApi, serviceLifecycleApi } from '@kurtosis-ts/protos';
import { promiseClient, statusOf, TEST_SERVICE_PORT, TestModuleImage, TestServiceImage } from '@kurtosis-ts/server-test-kit';
import type { PromiseClient } from '@kurtosis-ts/server-test-kit';
import { startEnclave, stopEnclave } from './enclave-fixture';
import type { EnclaveFixture } from './enclave-fixture';

const NAME = 'explicit-bounds';
const { TCP } = apiContainerApi.Port_Protocol;

describe('explicit bounds', () => {
  let serviceImage: TestServiceImage;
  let moduleImage: TestModuleImage;
  let fx: EnclaveFixture;
  let lifecycle: PromiseClient<serviceLifecycleApi.ServiceLifecycleServiceClient>;

  const startArgs = (fields: Partial<apiContainerApi.StartServiceArgs>) =>
    apiContainerApi.StartServiceArgs.fromPartial({ dockerImage: serviceImage.tag, privatePorts: { http: { number: TEST_SERVICE_PORT, protocol: TCP } }, ...fields });
  const waitGet = (fields: Partial<apiContainerApi.WaitForHttpGetEndpointAvailabilityArgs>) =>
    fx.api.waitForHttpGetEndpointAvailability(apiContainerApi.WaitForHttpGetEndpointAvailabilityArgs.fromPartial({ serviceId: 'running', port: TEST_SERVICE_PORT, path: 'health', ...fields }), 10_000);
  const containersOf = (label: string) =>
    execFileSync('docker', ['ps', '-aq', '--filter', `label=com.kurtosistech.enclave-id=${fx.enclaveId}`, '--filter', label], { encoding: 'utf8' }).trim();

  beforeAll(async () => {
    serviceImage = TestServiceImage.build('explicit-bounds-service');
    moduleImage = TestModuleImage.build('explicit-bounds-module');
    fx = await startEnclave(NAME);
    await fx.api.registerService({ serviceId: 'running', partitionId: '' });
    await fx.api.startService(startArgs({ serviceId: 'running' }));
    await waitGet({ retries: 50, retriesDelayMilliseconds: 100 });
    lifecycle = promiseClient(
      new serviceLifecycleApi.ServiceLifecycleServiceClient(`127.0.0.1:${fx.info.apiContainerHostMachineInfo?.portOnHostMachine}`, credentials.createInsecure()),
    );
  }, 180_000);

  afterAll(async () => {
    lifecycle?.close();
    await stopEnclave(fx, NAME);
    serviceImage?.remove();
    moduleImage?.remove();
  }, 120_000);

  afterEach(async () => {
    // The server answers the next call normally, and the running service is untouched.
    expect((await fx.api.getServices({}, 5_000)).serviceIds).toMatchObject({ running: true });
    expect((await lifecycle.getServiceStatus({ serviceId: 'running' }, 5_000)).status).toBe(serviceLifecycleApi.ServiceStatus.SERVICE_STATUS_RUNNING);
  });

  describe('delays, retries and timeouts above their maxima', () => {
    it.each<[string, () => Promise<unknown>, string[]]>([
      // 2^31 ms is what a Node timer would have turned into 1 ms.
      ['an initial delay of 2^31 ms', () => waitGet({ initialDelayMilliseconds: 2 ** 31 }), ['initial_delay_milliseconds is 2147483648 ms', 'maximum is 600000 ms']],
      ['a retries delay of 10 minutes and 1 ms', () => waitGet({ retries: 2, retriesDelayMilliseconds: 600_001 }), ['retries_delay_milliseconds is 600001 ms']],
      ['10 001 retries', () => waitGet({ retries: 10_001 }), ['retries is 10001', 'maximum is 10000']],
      ['a schedule longer than an hour', () => waitGet({ retries: 10_000, retriesDelayMilliseconds: 1_000 }), ['is 9999000 ms', 'maximum is 3600000 ms (1 hour)']],
      [
        'a POST wait with an initial delay of 2^32 - 1 ms',
        () => fx.api.waitForHttpPostEndpointAvailability(apiContainerApi.WaitForHttpPostEndpointAvailabilityArgs.fromPartial({ serviceId: 'running', port: TEST_SERVICE_PORT, initialDelayMilliseconds: 2 ** 32 - 1 })),
        ['initial_delay_milliseconds is 4294967295 ms'],
      ],
      ['RemoveService with a stop timeout of 601 s', () => fx.api.removeService({ serviceId: 'running', containerStopTimeoutSeconds: 601 }), ['container_stop_timeout_seconds is 601 s', 'maximum is 600 s']],
      // uint64: the largest the generated code decodes into a number, and one above it, which it cannot decode.
      ['RemoveService with a stop timeout of 2^53 - 1 s', () => fx.api.removeService({ serviceId: 'running', containerStopTimeoutSeconds: Number.MAX_SAFE_INTEGER }), ['container_stop_timeout_seconds is 9007199254740991 s']],
      ['RemoveService with a stop timeout of 2^60 s', () => fx.api.removeService({ serviceId: 'running', containerStopTimeoutSeconds: 2 ** 60 }), ['RemoveService: the request could not be decoded', 'MAX_SAFE_INTEGER']],
      ['StopService with a stop timeout of 601 s', () => lifecycle.stopService({ serviceId: 'running', stopTimeoutSeconds: 601 }), ['stop_timeout_seconds is 601 s', 'maximum is 600 s']],
      ['RestartService with a stop timeout of 2^32 - 1 s', () => lifecycle.restartService({ serviceId: 'running', stopTimeoutSeconds: 2 ** 32 - 1 }), ['stop_timeout_seconds is 4294967295 s']],
      ['an ExecCommand argument above 128 KiB', () => fx.api.execCommand({ serviceId: 'running', commandArgs: ['echo', 'a'.repeat(131_072)] }), ['command_args[1] is 131072 bytes', 'maximum is 131071']],
      ['101 files artifacts in one call', () => fx.api.registerFilesArtifacts({ filesArtifactUrls: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`a${i}`, 'http://x/a.tgz'])) }), ['files_artifact_urls is 101 entries', 'maximum is 100']],
      ['load params too large for SERIALIZED_ARGS', () => fx.api.loadModule({ moduleId: 'big', containerImage: moduleImage.tag, serializedParams: `"${'p'.repeat(140_000)}"` }), ['serialized_params takes', 'maximum is 130047 bytes']],
    ])('refuses %s as INVALID_ARGUMENT naming the field and the maximum', async (_name, call, mentions) => {
      const started = Date.now();
      const refused = await statusOf(call());
      expect(refused.code).toBe(status.INVALID_ARGUMENT);
      for (const mention of mentions) expect(refused.details).toContain(mention);
      expect(Date.now() - started).toBeLessThan(1_000);
    });

    it('accepts the maxima themselves', async () => {
      // 10 000 retries at the longest gap the total allows: the endpoint answers the first attempt.
      await expect(waitGet({ retries: 10_000, retriesDelayMilliseconds: 360 })).resolves.toEqual({});
      await expect(lifecycle.restartService({ serviceId: 'running', stopTimeoutSeconds: 600 }, 30_000)).resolves.toMatchObject({
        status: serviceLifecycleApi.ServiceStatus.SERVICE_STATUS_RUNNING,
      });
      await waitGet({ retries: 50, retriesDelayMilliseconds: 100 });
    }, 60_000);
  });

  describe("Docker's refusals", () => {
    it('answers a malformed image reference with INVALID_ARGUMENT and its reason', async () => {
      await fx.api.registerService({ serviceId: 'bad-ref', partitionId: '' });
      const refused = await statusOf(fx.api.startService(startArgs({ serviceId: 'bad-ref', dockerImage: 'UPPER/Case:x' })));
      expect(refused.code).toBe(status.INVALID_ARGUMENT);
      expect(refused.details).toContain("'UPPER/Case:x'");
      // Refused before Docker is asked (request-bounds.ts), saying what is wrong with it.
      expect(refused.details).toContain("is not an image reference: the repository path component 'UPPER' must be lowercase");
      await fx.api.removeService({ serviceId: 'bad-ref', containerStopTimeoutSeconds: 1 });
    });

    it('answers an entrypoint the image lacks with FAILED_PRECONDITION, leaving the service registered and startable', async () => {
      await fx.api.registerService({ serviceId: 'no-binary', partitionId: '' });
      const refused = await statusOf(fx.api.startService(startArgs({ serviceId: 'no-binary', entrypointArgs: ['/no/such/binary'] })));
      expect(refused.code).toBe(status.FAILED_PRECONDITION);
      expect(refused.details).toContain('/no/such/binary');
      expect(containersOf('label=com.kurtosistech.id=no-binary')).toBe('');
      await fx.api.startService(startArgs({ serviceId: 'no-binary' }));
      expect((await fx.api.getServices({})).serviceIds).toMatchObject({ running: true, 'no-binary': true });
      await fx.api.removeService({ serviceId: 'no-binary', containerStopTimeoutSeconds: 1 });
    }, 60_000);

    it('refuses a 3 MB environment variable before Docker, which could not start such a process', async () => {
      await fx.api.registerService({ serviceId: 'big-env', partitionId: '' });
      const refused = await statusOf(fx.api.startService(startArgs({ serviceId: 'big-env', dockerEnvVars: { HUGE: 'v'.repeat(3_000_000) } })));
      expect(refused.code).toBe(status.INVALID_ARGUMENT);
      expect(refused.details).toContain("docker_env_vars 'HUGE' is 3000005 bytes long; the maximum is 131071 bytes");
      expect(containersOf('label=com.kurtosistech.id=big-env')).toBe('');
      await fx.api.removeService({ serviceId: 'big-env', containerStopTimeoutSeconds: 1 });
    });
  });

  describe('bulk-commands documents', () => {
    it.each([
      ['__proto__ at the top', '{"schemaVersion":0,"__proto__":{"body":{"commands":[]}},"body":{"commands":[]}}', "unknown field '__proto__'"],
      ['constructor in a command', '{"schemaVersion":0,"body":{"commands":[{"type":"GET_SERVICES","constructor":{}}]}}', "unknown field 'constructor'"],
      ['toString in args', '{"schemaVersion":0,"body":{"commands":[{"type":"REGISTER_SERVICE","args":{"service_id":"bulk","toString":"x"}}]}}', "unknown field 'toString'"],
      ['__proto__ in args', '{"schemaVersion":0,"body":{"commands":[{"type":"REGISTER_SERVICE","args":{"service_id":"bulk","__proto__":{"partition_id":"p"}}}]}}', "unknown field '__proto__'"],
      ['an unknown field of a port', `{"schemaVersion":0,"body":{"commands":[{"type":"START_SERVICE","args":{"service_id":"running","private_ports":{"http":{"number":80,"exposed":true}}}}]}}`, "unknown field 'exposed' in private_ports['http']"],
    ])('refuses %s as INVALID_ARGUMENT, running nothing', async (_name, serializedCommands, mention) => {
      const refused = await statusOf(fx.api.executeBulkCommands({ serializedCommands }));
      expect(refused.code).toBe(status.INVALID_ARGUMENT);
      expect(refused.details).toContain(mention);
      expect((await fx.api.getServices({})).serviceIds).not.toHaveProperty('bulk');
    });
  });

  describe('a full subnet', () => {
    const filled: string[] = [];

    afterAll(async () => {
      for (let i = 0; i < filled.length; i += 25) {
        await Promise.all(filled.slice(i, i + 25).map((serviceId) => fx.api.removeService({ serviceId, containerStopTimeoutSeconds: 1 }).catch(() => undefined)));
      }
    }, 120_000);

    it('is RESOURCE_EXHAUSTED naming the subnet for RegisterService, LoadModule and StartExternalContainerRegistration, until services go', async () => {
      const subnet = execFileSync('docker', ['network', 'inspect', fx.enclaveId, '--format', '{{(index .IPAM.Config 0).Subnet}}'], { encoding: 'utf8' }).trim();
      let exhausted: { code: number; details: string } | undefined;
      for (let batch = 0; !exhausted && batch < 20; batch++) {
        const ids = Array.from({ length: 25 }, (_, i) => `fill-${batch * 25 + i}`);
        const outcomes = await Promise.allSettled(ids.map((serviceId) => fx.api.registerService({ serviceId, partitionId: '' })));
        outcomes.forEach((o, i) => {
          if (o.status === 'fulfilled') filled.push(ids[i]);
          else exhausted ??= { code: (o.reason as { code: number }).code, details: (o.reason as { details: string }).details };
        });
      }
      // A /24 has 253 addresses after the network and gateway; the API container holds one.
      expect(filled.length).toBeGreaterThan(240);
      expect(exhausted?.code).toBe(status.RESOURCE_EXHAUSTED);
      expect(exhausted?.details).toContain(subnet);

      for (const refused of [
        await statusOf(fx.api.registerService({ serviceId: 'one-more', partitionId: '' })),
        await statusOf(fx.api.loadModule({ moduleId: 'no-room', containerImage: moduleImage.tag, serializedParams: '{}' })),
        await statusOf(fx.api.startExternalContainerRegistration({})),
      ]) {
        expect(refused.code).toBe(status.RESOURCE_EXHAUSTED);
        expect(refused.details).toContain(subnet);
      }
      expect(containersOf('label=com.kurtosistech.container-type=module')).toBe('');

      const freed = filled.splice(0, 3);
      await Promise.all(freed.map((serviceId) => fx.api.removeService({ serviceId, containerStopTimeoutSeconds: 1 })));
      const again = await fx.api.registerService({ serviceId: 'one-more', partitionId: '' });
      expect(again.privateIpAddr.startsWith(subnet.split('.').slice(0, 3).join('.'))).toBe(true);
      filled.push('one-more');
    }, 120_000);
  });
});
