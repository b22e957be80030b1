// Every answer arrives: a 100 KiB value in every string field — map keys and values and list
// elements included, at any depth — of every RPC of ApiContainerService, ServiceLifecycleService and ServiceConfigService,
// and of every bulk command type, is answered within 1 s with a message of at most 4 KiB, and the
// server answers the next call normally. The cases come from the compiled protocol, so a new field
// or RPC is covered without editing this file (a new RPC fails until it has a base request). Base
// requests fail fast for a reason of their own in case the huge value is accepted.
//
// Then a module that answers the way a hostile one would (a 100 KiB error, 100 KiB of metadata, a
// 5 MiB result): ExecuteModule answers within seconds, bounded, and the module stays usable.
import { status } from '@grpc/grpc-js';
import { apiContainerApi, Empty, MAX_STATUS_MESSAGE_BYTES, serviceConfigApi, serviceLifecycleApi } from '@kurtosis-ts/protos';
import { planOversizedRequests, rpcsOf, statusOf, TEST_SERVICE_PORT, TestModuleImage, TestServiceImage, TimedCaller, fillSlot } from '@kurtosis-ts/server-test-kit';
import type { BaseRequests, OversizedCase } from '@kurtosis-ts/server-test-kit';
import { BULK_COMMAND_TYPES } from '../src/bulk/bulk-document';
import { startEnclave, stopEnclave } from './enclave-fixture';
import type { EnclaveFixture } from './enclave-fixture';

const NAME = 'bounded-answers';
const HUGE = 'x'.repeat(100 * 1024);
const ANSWER_WITHIN_MS = 1_000;
const { TCP } = apiContainerApi.Port_Protocol;

// The enclave holds 'registered' (not started), 'running' (started) and the module 'loaded'.
const API_BASE: BaseRequests = {
  StartExternalContainerRegistration: { skip: 'no string field; each call reserves an address' },
  FinishExternalContainerRegistration: { registrationKey: 'no-such-key', containerId: 'no-such-container' },
  LoadModule: { moduleId: 'loaded', containerImage: 'kurtosis-ts-test/no-such-image:1', serializedParams: '{}' },
  UnloadModule: { moduleId: 'nobody' },
  ExecuteModule: { moduleId: 'nobody', serializedParams: '{}' },
  GetModuleInfo: { moduleId: 'nobody' },
  RegisterFilesArtifacts: { filesArtifactUrls: { art: 'not-a-url' } },
  RegisterService: { serviceId: 'registered', partitionId: '' },
  StartService: {
    serviceId: 'running',
    dockerImage: 'kurtosis-ts-test/no-such-image:1',
    privatePorts: { http: { number: 80, protocol: TCP } },
    entrypointArgs: ['entrypoint'],
    cmdArgs: ['cmd'],
    dockerEnvVars: { NAME: 'value' },
    enclaveDataDirMntDirpath: '/data',
    filesArtifactMountDirpaths: { art: '/files' },
  },
  GetServiceInfo: { serviceId: 'nobody' },
  RemoveService: { serviceId: 'nobody', containerStopTimeoutSeconds: 1 },
  Repartition: {
    partitionServices: { left: { serviceIdSet: { nobody: true } } },
    partitionConnections: { left: { connectionInfo: { right: { packetLossPercentage: 50 } } } },
    defaultConnection: { packetLossPercentage: 0 },
  },
  ExecCommand: { serviceId: 'nobody', commandArgs: ['true'] },
  WaitForHttpGetEndpointAvailability: { serviceId: 'nobody', port: 80, path: 'health', retries: 0, bodyText: 'ok' },
  WaitForHttpPostEndpointAvailability: { serviceId: 'nobody', port: 80, path: 'echo', requestBody: '{}', retries: 0, bodyText: 'ok' },
  ExecuteBulkCommands: { serializedCommands: '{"schemaVersion":0,"body":{"commands":[{"type":"GET_SERVICE_INFO_OF_NOBODY"}]}}' },
  GetServices: {},
  GetModules: {},
};

const LIFECYCLE_BASE: BaseRequests = {
  PauseService: { serviceId: 'nobody' },
  UnpauseService: { serviceId: 'nobody' },
  StopService: { serviceId: 'nobody', stopTimeoutSeconds: 1 },
  RestartService: { serviceId: 'nobody', stopTimeoutSeconds: 1 },
  KillService: { serviceId: 'nobody', signal: 'SIGKILL' },
  GetServiceStatus: { serviceId: 'nobody' },
  ListServiceStatuses: {},
  GetModuleStatus: { moduleId: 'nobody' },
  ListModuleStatuses: {},
};

// ReplaceService's base names an artifact nobody registered: refused (NOT_FOUND) before anything stops.
const SERVICE_CONFIG_BASE: BaseRequests = {
  GetServiceConfig: { serviceId: 'nobody' },
  ReplaceService: {
    serviceId: 'running',
    config: {
      dockerImage: 'kurtosis-ts-test/no-such-image:1',
      privatePorts: { http: { number: 80, protocol: serviceConfigApi.PortProtocol.PORT_PROTOCOL_TCP } },
      entrypointArgs: ['entrypoint'],
      cmdArgs: ['cmd'],
      dockerEnvVars: { NAME: 'value' },
      enclaveDataDirMntDirpath: '/data',
      filesArtifactMountDirpaths: { art: '/files' },
    },
    stopTimeoutSeconds: 1,
  },
};

const apiPlan = planOversizedRequests('api_container_api.ApiContainerService', apiContainerApi, API_BASE, HUGE, Empty);
const lifecyclePlan = planOversizedRequests('kurtosis_ts.service_lifecycle.v1.ServiceLifecycleService', serviceLifecycleApi, LIFECYCLE_BASE, HUGE, Empty);
const serviceConfigPlan = planOversizedRequests('kurtosis_ts.service_config.v1.ServiceConfigService', serviceConfigApi, SERVICE_CONFIG_BASE, HUGE, Empty);

/** "WAIT_FOR_HTTP_GET_ENDPOINT_AVAILABILITY" → "WaitForHttpGetEndpointAvailability" */
const rpcOfCommand = (type: string) => type.toLowerCase().replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase());

/** Each bulk command type with the 100 KiB value in each string slot of its args, and in `type` itself. */
function bulkCases(): OversizedCase[] {
  const rpcs = new Map(rpcsOf('api_container_api.ApiContainerService').map((r) => [r.method, r]));
  const document = (command: object) => JSON.stringify({ schemaVersion: 0, body: { commands: [command] } });
  const cases: OversizedCase[] = [{ name: 'bulk: type', method: 'ExecuteBulkCommands', path: '', request: document({ type: HUGE }) }];
  for (const type of BULK_COMMAND_TYPES) {
    const rpc = rpcs.get(rpcOfCommand(type));
    if (!rpc) throw new Error(`Bulk command ${type} has no RPC of that name`);
    const base = API_BASE[rpc.method] as Record<string, unknown>;
    const reader = (apiContainerApi as unknown as Record<string, { fromPartial(o: object): unknown; toJSON(m: unknown): unknown }>)[rpc.inputType];
    for (const slot of rpc.slots) {
      cases.push({ name: `bulk ${type}: ${slot.name}`, method: 'ExecuteBulkCommands', path: '', request: document({ type, args: reader.toJSON(reader.fromPartial(fillSlot(base, slot, HUGE))) }) });
    }
  }
  return cases.map((c) => ({ ...c, path: '/api_container_api.ApiContainerService/ExecuteBulkCommands', request: apiContainerApi.ExecuteBulkCommandsArgs.fromPartial({ serializedCommands: c.request as string }) }));
}

describe('bounded answers of the API container', () => {
  let serviceImage: TestServiceImage;
  let moduleImage: TestModuleImage;
  let hostileImage: TestModuleImage;
  let fx: EnclaveFixture;
  let caller: TimedCaller;

  beforeAll(async () => {
    serviceImage = TestServiceImage.build('bounded-answers-service');
    moduleImage = TestModuleImage.build('bounded-answers-module');
    hostileImage = TestModuleImage.build('oversized-answers-module', 'packages/api-container/test/fixtures/oversized-answers-module.ts');
    fx = await startEnclave(NAME, { isPartitioningEnabled: true });
    await fx.api.registerService({ serviceId: 'registered', partitionId: '' });
    await fx.api.registerService({ serviceId: 'running', partitionId: '' });
    await fx.api.startService(
      apiContainerApi.StartServiceArgs.fromPartial({ serviceId: 'running', dockerImage: serviceImage.tag, privatePorts: { http: { number: TEST_SERVICE_PORT, protocol: TCP } } }),
    );
    await fx.api.loadModule({ moduleId: 'loaded', containerImage: moduleImage.tag, serializedParams: '{}' });
    caller = new TimedCaller(`127.0.0.1:${fx.info.apiContainerHostMachineInfo?.portOnHostMachine}`, [
      apiContainerApi.ApiContainerServiceService,
      serviceLifecycleApi.ServiceLifecycleServiceService,
      serviceConfigApi.ServiceConfigServiceService,
    ]);
  }, 180_000);

  afterAll(async () => {
    caller?.close();
    await stopEnclave(fx, NAME);
    serviceImage?.remove();
    moduleImage?.remove();
    hostileImage?.remove();
  }, 120_000);

  it('has a base request, or a reason to skip, for every RPC', () => {
    expect(apiPlan.unplanned).toEqual([]);
    expect(lifecyclePlan.unplanned).toEqual([]);
    expect(serviceConfigPlan.unplanned).toEqual([]);
    // Sanity of the generated cases: every slot kind of the protocol is reached.
    const names = [...apiPlan.cases, ...lifecyclePlan.cases].map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'StartService: docker_env_vars[key]',
        'StartService: docker_env_vars[value]',
        'StartService: private_ports[key]',
        'StartService: cmd_args[0]',
        'Repartition: partition_connections[value].connection_info[key]',
        'Repartition: partition_services[value].service_id_set[key]',
        'KillService: signal',
      ]),
    );
  });

  const everyCase = [...apiPlan.cases, ...lifecyclePlan.cases, ...serviceConfigPlan.cases, ...bulkCases()];

  it.each(everyCase.map((c) => [c.name, c]))('answers %s within 1 s, bounded, and then serves normally', async (_name, c) => {
    const answer = await caller.call(c.path, c.request, 5_000);
    if (!c.name.endsWith('(no string field)')) expect(answer.requestBytes).toBeGreaterThan(HUGE.length);
    expect(answer.code).not.toBe(status.DEADLINE_EXCEEDED);
    expect(answer.ms).toBeLessThanOrEqual(ANSWER_WITHIN_MS);
    expect(Buffer.byteLength(answer.details, 'utf8')).toBeLessThanOrEqual(MAX_STATUS_MESSAGE_BYTES);
    // Nothing that carries the huge value is an internal error.
    expect(answer.code).not.toBe(status.INTERNAL);
    await expect(fx.api.getServices({}, 5_000)).resolves.toEqual({ serviceIds: { running: true } });
  });

  describe('a module that answers the way a hostile one would', () => {
    beforeAll(async () => {
      await fx.api.loadModule({ moduleId: 'oversized', containerImage: hostileImage.tag, serializedParams: '{}' });
    }, 60_000);

    const execute = async (moduleId: string, serializedParams: string) => {
      const started = Date.now();
      const answer = await statusOf(fx.api.executeModule({ moduleId, serializedParams }, 30_000));
      return { ...answer, ms: Date.now() - started };
    };

    it.each([
      ['an error of 100 KiB', 'big-error', status.RESOURCE_EXHAUSTED, 'its answer never reached the API container'],
      ['an error of 100 KiB that still fits in HTTP/2 once compressed', 'compressible-error', status.INVALID_ARGUMENT, "Module 'oversized' failed: eeee"],
      ['100 KiB of metadata', 'big-metadata', status.RESOURCE_EXHAUSTED, 'its answer never reached the API container'],
      ['1000 metadata entries', 'many-metadata', status.RESOURCE_EXHAUSTED, "Module 'oversized' failed"],
      ['a result of 5 MiB', 'big-result', status.RESOURCE_EXHAUSTED, 'larger than max'],
    ])('answers %s within seconds with a bounded error, and the module still executes', async (_name, params, code, mentions) => {
      const answer = await execute('oversized', params);
      expect(answer.code).toBe(code);
      expect(answer.details).toContain(mentions);
      expect(answer.ms).toBeLessThan(5_000);
      expect(Buffer.byteLength(answer.details, 'utf8')).toBeLessThanOrEqual(MAX_STATUS_MESSAGE_BYTES);
      expect((await fx.api.executeModule({ moduleId: 'oversized', serializedParams: 'ok' }, 5_000)).serializedResult).toBe('{"ok":true}');
    }, 30_000);

    it('answers a module that echoes 100 KiB of params in its error, and the module keeps its state', async () => {
      const count = async () => JSON.parse((await fx.api.executeModule({ moduleId: 'loaded', serializedParams: '{"action":"count"}' }, 5_000)).serializedResult).count as number;
      const before = await count();
      const answer = await execute('loaded', JSON.stringify({ action: 'fail', why: HUGE }));
      expect(answer.code).toBe(status.RESOURCE_EXHAUSTED);
      expect(answer.ms).toBeLessThan(5_000);
      expect(await count()).toBe(before + 1);
    }, 30_000);
  });
});
