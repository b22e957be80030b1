// ExecuteBulkCommands in a real enclave: one document registers, starts and execs into two
// services, wiring them together with <<<id>>>; a failing document stops where it failed.
import { status } from '@grpc/grpc-js';
import { statusOf, TEST_SERVICE_PORT, TestServiceImage } from '@kurtosis-ts/server-test-kit';
import { startEnclave, stopEnclave } from './enclave-fixture';
import type { EnclaveFixture } from './enclave-fixture';

const NAME = 'bulk';
const doc = (commands: unknown[]) => JSON.stringify({ schemaVersion: 0, body: { commands } });

describe('bulk commands', () => {
  let image: TestServiceImage;
  let fx: EnclaveFixture;

  beforeAll(async () => {
    image = TestServiceImage.build('bulk-service');
    fx = await startEnclave(NAME);
  });

  afterAll(async () => {
    await stopEnclave(fx, NAME);
    image?.remove();
  });

  it('registers, starts and execs into two services using <<<id>>>', async () => {
    const http = { http: { number: TEST_SERVICE_PORT, protocol: 0 } };
    await fx.api.executeBulkCommands({
      serializedCommands: doc([
        { type: 'REGISTER_SERVICE', args: { service_id: 'server' } },
        { type: 'REGISTER_SERVICE', args: { service_id: 'client' } },
        { type: 'START_SERVICE', args: { service_id: 'server', docker_image: image.tag, private_ports: http } },
        {
          type: 'START_SERVICE',
          args: { service_id: 'client', docker_image: image.tag, docker_env_vars: { SERVER_URL: 'http://<<<server>>>:8080/health' } },
        },
        {
          type: 'WAIT_FOR_HTTP_GET_ENDPOINT_AVAILABILITY',
          args: { service_id: 'server', port: TEST_SERVICE_PORT, path: 'health', retries: 50, retries_delay_milliseconds: 100, body_text: 'ok' },
        },
        { type: 'EXEC_COMMAND', args: { service_id: 'client', command_args: ['node', '/app/server.js', 'probe', 'http://<<<server>>>:8080/health'] } },
        { type: 'GET_SERVICES' },
      ]),
    });
    expect(await fx.api.getServices({})).toEqual({ serviceIds: { server: true, client: true } });
    const serverIp = (await fx.api.getServiceInfo({ serviceId: 'server' })).privateIpAddr;
    await expect(fx.api.execCommand({ serviceId: 'client', commandArgs: ['printenv', 'SERVER_URL'] })).resolves.toEqual({
      exitCode: 0,
      logOutput: `http://${serverIp}:8080/health\n`,
    });
    await expect(fx.api.execCommand({ serviceId: 'client', commandArgs: ['node', '/app/server.js', 'probe', `http://${serverIp}:8080/health`] })).resolves.toEqual({
      exitCode: 0,
      logOutput: '200 ok\n',
    });
  });

  it('stops at the first failing command, keeping what ran before it, and answers normally afterwards', async () => {
    const result = await statusOf(
      fx.api.executeBulkCommands({
        serializedCommands: doc([
          { type: 'REGISTER_SERVICE', args: { service_id: 'first' } },
          { type: 'START_SERVICE', args: { service_id: 'never-registered', docker_image: image.tag } },
          { type: 'REGISTER_SERVICE', args: { service_id: 'third' } },
        ]),
      }),
    );
    expect(result.code).toBe(status.NOT_FOUND);
    expect(result.details).toContain('Bulk command #1 (START_SERVICE) failed');
    expect(result.details).toContain("'never-registered'");
    // #0 ran, #2 did not.
    await expect(fx.api.registerService({ serviceId: 'first', partitionId: '' })).rejects.toMatchObject({ code: status.ALREADY_EXISTS });
    await expect(fx.api.registerService({ serviceId: 'third', partitionId: '' })).resolves.toMatchObject({ privateIpAddr: expect.any(String) });
  });

  it.each([
    ['malformed JSON', '{"schemaVersion":0,"body":', status.INVALID_ARGUMENT, 'not valid JSON'],
    ['an unknown command type', doc([{ type: 'FORMAT_DISK', args: {} }]), status.INVALID_ARGUMENT, "unknown type 'FORMAT_DISK'"],
    ['schema version 1', JSON.stringify({ schemaVersion: 1, body: { commands: [] } }), status.INVALID_ARGUMENT, 'only 0 is supported'],
    [
      'an unknown service in a placeholder',
      doc([{ type: 'EXEC_COMMAND', args: { service_id: 'server', command_args: ['echo', '<<<ghost>>>'] } }]),
      status.NOT_FOUND,
      "'ghost'",
    ],
  ])('refuses %s', async (_name, serializedCommands, code, mentions) => {
    const result = await statusOf(fx.api.executeBulkCommands({ serializedCommands }));
    expect(result.code).toBe(code);
    expect(result.details).toContain(mentions);
    await expect(fx.api.getServices({})).resolves.toMatchObject({ serviceIds: { server: true, client: true } });
  });
});
