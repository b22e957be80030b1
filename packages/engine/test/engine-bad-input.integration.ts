// Every kind of bad input the engine must survive: the right status code, a message naming what
// was wrong, nothing created, and a server that answers the next call normally.
import { status } from '@grpc/grpc-js';
import { engineApi } from '@kurtosis-ts/protos';
import {
  destroyEnclaves,
  dockerObjectsOfEnclave,
  EngineContainer,
  REPORTED_ENGINE_VERSION,
  statusOf,
  uniqueEnclaveId,
} from '@kurtosis-ts/server-test-kit';
import type { EngineClient } from '@kurtosis-ts/server-test-kit';

interface BadCall {
  name: string;
  call: (client: EngineClient) => Promise<unknown>;
  code: status;
  mentions: string;
}

const create = (fields: Partial<engineApi.CreateEnclaveArgs>) => (c: EngineClient) =>
  c.createEnclave(engineApi.CreateEnclaveArgs.fromPartial(fields));

const unknownId = uniqueEnclaveId('never-created');

const badCalls: BadCall[] = [
  { name: 'an empty enclave ID', call: create({ enclaveId: '' }), code: status.INVALID_ARGUMENT, mentions: 'must not be empty' },
  { name: 'an enclave ID of 64 characters', call: create({ enclaveId: 'a'.repeat(64) }), code: status.INVALID_ARGUMENT, mentions: 'maximum is 63' },
  { name: 'an enclave ID with a non-ASCII letter', call: create({ enclaveId: 'café' }), code: status.INVALID_ARGUMENT, mentions: "'café'" },
  { name: "an enclave ID with '/'", call: create({ enclaveId: 'a/b' }), code: status.INVALID_ARGUMENT, mentions: "'a/b'" },
  { name: "an enclave ID with ':'", call: create({ enclaveId: 'a:b' }), code: status.INVALID_ARGUMENT, mentions: "'a:b'" },
  { name: 'an enclave ID with a space', call: create({ enclaveId: 'a b' }), code: status.INVALID_ARGUMENT, mentions: "'a b'" },
  { name: 'an enclave ID with shell metacharacters', call: create({ enclaveId: 'a;rm -rf /' }), code: status.INVALID_ARGUMENT, mentions: "'a;rm -rf /'" },
  { name: 'an enclave ID with a slash', call: create({ enclaveId: 'abc/' }), code: status.INVALID_ARGUMENT, mentions: "letters, digits, '.', '_' and '-'" },
  { name: 'an invalid API container version tag', call: create({ enclaveId: uniqueEnclaveId('bad-tag'), apiContainerVersionTag: 'no such tag!' }), code: status.INVALID_ARGUMENT, mentions: 'api_container_version_tag' },
  { name: 'an unknown log level', call: create({ enclaveId: uniqueEnclaveId('bad-level'), apiContainerLogLevel: 'loud' }), code: status.INVALID_ARGUMENT, mentions: "'loud'" },
  { name: 'an API container version whose image does not exist', call: create({ enclaveId: uniqueEnclaveId('missing-image'), apiContainerVersionTag: '99.99.99' }), code: status.NOT_FOUND, mentions: 'kurtosis-ts/api-container:99.99.99' },
  { name: 'StopEnclave of an unknown enclave', call: (c) => c.stopEnclave({ enclaveId: unknownId }), code: status.NOT_FOUND, mentions: unknownId },
  { name: 'DestroyEnclave of an unknown enclave', call: (c) => c.destroyEnclave({ enclaveId: unknownId }), code: status.NOT_FOUND, mentions: unknownId },
  { name: 'DestroyEnclave with an empty ID', call: (c) => c.destroyEnclave({ enclaveId: '' }), code: status.NOT_FOUND, mentions: "''" },
];

describe('engine bad input', () => {
  let engine: EngineContainer;
  const created = new Set<string>([uniqueEnclaveId('bad-tag'), uniqueEnclaveId('bad-level'), uniqueEnclaveId('missing-image')]);

  beforeAll(async () => {
    engine = await EngineContainer.start();
  });

  afterAll(async () => {
    await destroyEnclaves(created);
    await engine?.stop();
  });

  afterEach(async () => {
    // The server answers the next call normally.
    await expect(engine.client.getEngineInfo({})).resolves.toEqual({ engineVersion: REPORTED_ENGINE_VERSION });
  });

  it.each(badCalls)('refuses $name', async ({ call, code, mentions }) => {
    const result = await statusOf(call(engine.client));
    expect(result.code).toBe(code);
    expect(result.details).toContain(mentions);
  });

  it('leaves nothing behind when the API container image is missing', async () => {
    expect(dockerObjectsOfEnclave(uniqueEnclaveId('missing-image'))).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('refuses a duplicate enclave ID, created one after the other or at once', async () => {
    const enclaveId = uniqueEnclaveId('duplicate');
    created.add(enclaveId);
    const [first, second] = await Promise.allSettled([create({ enclaveId })(engine.client), create({ enclaveId })(engine.client)]);
    const outcomes = [first.status, second.status].sort();
    expect(outcomes).toEqual(['fulfilled', 'rejected']);
    const again = await statusOf(create({ enclaveId })(engine.client));
    expect(again.code).toBe(status.ALREADY_EXISTS);
    expect(again.details).toContain(enclaveId);
    // The refused creates did not disturb the enclave that exists.
    const info = (await engine.client.getEnclaves({})).enclaveInfo[enclaveId];
    expect(info.apiContainerStatus).toBe(engineApi.EnclaveAPIContainerStatus.EnclaveAPIContainerStatus_RUNNING);
  });
});
