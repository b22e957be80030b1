// Every answer arrives: a 100 KiB value in every string field of every EngineService RPC is
// answered within 1 s with a message of at most 4 KiB, and the engine answers the next call
// normally. The cases come from the compiled protocol (a new field or RPC is covered, or fails until
// it has a base request). And the enclave IDs Docker keeps for its own networks are refused before
// anything is created.
import { status } from '@grpc/grpc-js';
import { Empty, engineApi, MAX_STATUS_MESSAGE_BYTES } from '@kurtosis-ts/protos';
import {
  destroyEnclaves,
  dockerObjectsOfEnclave,
  EngineContainer,
  planOversizedRequests,
  statusOf,
  TimedCaller,
  uniqueEnclaveId,
} from '@kurtosis-ts/server-test-kit';
import type { BaseRequests } from '@kurtosis-ts/server-test-kit';

const HUGE = 'x'.repeat(100 * 1024);
const EXISTING = uniqueEnclaveId('bounded-answers');
const RESERVED = ['bridge', 'host', 'none', 'default'];

// CreateEnclave names an enclave that exists, so a request whose huge value were accepted would
// still fail at once (ALREADY_EXISTS) rather than create anything.
const BASE: BaseRequests = {
  GetEngineInfo: {},
  CreateEnclave: { enclaveId: EXISTING, apiContainerVersionTag: '', apiContainerLogLevel: '', isPartitioningEnabled: false },
  GetEnclaves: {},
  StopEnclave: { enclaveId: uniqueEnclaveId('never-created') },
  DestroyEnclave: { enclaveId: uniqueEnclaveId('never-created') },
  Clean: { skip: 'no string field; it would destroy every stopped enclave of this Docker host' },
};

const plan = planOversizedRequests('engine_api.EngineService', engineApi, BASE, HUGE, Empty);

describe('bounded answers of the engine', () => {
  let engine: EngineContainer;
  let caller: TimedCaller;
  let normalInfo: engineApi.GetEngineInfoResponse;

  beforeAll(async () => {
    engine = await EngineContainer.start();
    await engine.client.createEnclave(engineApi.CreateEnclaveArgs.fromPartial({ enclaveId: EXISTING }));
    caller = new TimedCaller(`127.0.0.1:${engine.port}`, [engineApi.EngineServiceService]);
    normalInfo = await engine.client.getEngineInfo({});
  }, 120_000);

  afterAll(async () => {
    caller?.close();
    // Only objects labelled as an enclave's are ever removed: Docker's own networks carry no such label.
    const leftByAFailedRefusal = RESERVED.filter((id) => Object.values(dockerObjectsOfEnclave(id)).some((ids) => ids.length > 0));
    await destroyEnclaves([EXISTING, ...leftByAFailedRefusal]);
    await engine?.stop();
  }, 120_000);

  it('has a base request, or a reason to skip, for every RPC', () => {
    expect(plan.unplanned).toEqual([]);
    expect(plan.cases.map((c) => c.name)).toEqual(
      expect.arrayContaining(['CreateEnclave: enclave_id', 'CreateEnclave: api_container_version_tag', 'CreateEnclave: api_container_log_level', 'DestroyEnclave: enclave_id']),
    );
  });

  it.each(plan.cases.map((c) => [c.name, c]))('answers %s within 1 s, bounded, and then serves normally', async (_name, c) => {
    const answer = await caller.call(c.path, c.request, 5_000);
    if (!c.name.endsWith('(no string field)')) expect(answer.requestBytes).toBeGreaterThan(HUGE.length);
    expect(answer.code).not.toBe(status.DEADLINE_EXCEEDED);
    expect(answer.ms).toBeLessThanOrEqual(1_000);
    expect(Buffer.byteLength(answer.details, 'utf8')).toBeLessThanOrEqual(MAX_STATUS_MESSAGE_BYTES);
    expect(answer.code).not.toBe(status.INTERNAL);
    await expect(engine.client.getEngineInfo({}, 5_000)).resolves.toEqual(normalInfo);
  });

  it.each(RESERVED)("refuses the enclave ID '%s', which Docker keeps, before creating anything", async (enclaveId) => {
    const refused = await statusOf(engine.client.createEnclave(engineApi.CreateEnclaveArgs.fromPartial({ enclaveId }), 5_000));
    expect(refused.code).toBe(status.INVALID_ARGUMENT);
    expect(refused.details).toContain(`enclave ID '${enclaveId}' is reserved by Docker`);
    expect(dockerObjectsOfEnclave(enclaveId)).toEqual({ containers: [], networks: [], volumes: [] });
  });
});
