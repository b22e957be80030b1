// For every service: a real gRPC server and client over 127.0.0.1 that call every RPC once.
// The server records the method path it was reached on, so a renamed package, service or RPC fails
// here, and every request and response crosses the socket and must come back intact — streamed
// ones too (server streams, and a bidirectional stream answered message by message).
import { credentials, Server, ServerCredentials } from '@grpc/grpc-js';
import type { ServerDuplexStream, ServerUnaryCall, ServerWritableStream, sendUnaryData, ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import { apiContainerApi, datastoreApi, enclaveViewApi, engineApi, engineSessionsApi, legacyModuleApi, moduleApi, serviceConfigApi, serviceLifecycleApi } from './index';

/**
 * One RPC with a request and a response whose fields are all set to non-default values. A stream
 * (`streams`) answers each of `responses` in order; a bidirectional one answers each request it gets
 * with the response at that index.
 */
interface RpcSample {
  path: string;
  request: unknown;
  response?: unknown;
  streams?: 'server' | 'both';
  responses?: unknown[];
}

interface ServiceUnderTest {
  name: string;
  definition: ServiceDefinition;
  clientConstructor: new (address: string, creds: ReturnType<typeof credentials.createInsecure>) => unknown;
  rpcs: Record<string, RpcSample>;
}

const { Port_Protocol } = apiContainerApi;
const port = (number: number, protocol = Port_Protocol.TCP): apiContainerApi.Port => ({ number, protocol });
const empty = {};

function moduleRpcs(pkg: string): Record<string, RpcSample> {
  return {
    isAvailable: { path: `/${pkg}.ExecutableModuleService/IsAvailable`, request: empty, response: empty },
    execute: {
      path: `/${pkg}.ExecutableModuleService/Execute`,
      request: moduleApi.ExecuteArgs.fromPartial({ paramsJson: '{"numDatastores":3}' }),
      response: moduleApi.ExecuteResponse.fromPartial({ responseJson: '{"ok":true}' }),
    },
  };
}

const api = '/api_container_api.ApiContainerService';
const apiContainerRpcs: Record<string, RpcSample> = {
  startExternalContainerRegistration: {
    path: `${api}/StartExternalContainerRegistration`,
    request: empty,
    response: { registrationKey: 'key', ipAddr: '172.20.0.9' },
  },
  finishExternalContainerRegistration: {
    path: `${api}/FinishExternalContainerRegistration`,
    request: { registrationKey: 'key', containerId: 'abc' },
    response: empty,
  },
  loadModule: {
    path: `${api}/LoadModule`,
    request: { moduleId: 'm', containerImage: 'img:1', serializedParams: '{}' },
    response: { privateIpAddr: '172.20.0.3', privatePort: port(1111), publicIpAddr: '127.0.0.1', publicPort: port(49000) },
  },
  unloadModule: { path: `${api}/UnloadModule`, request: { moduleId: 'm' }, response: empty },
  executeModule: {
    path: `${api}/ExecuteModule`,
    request: { moduleId: 'm', serializedParams: '{"a":1}' },
    response: { serializedResult: '{"b":2}' },
  },
  getModuleInfo: {
    path: `${api}/GetModuleInfo`,
    request: { moduleId: 'm' },
    response: { privateIpAddr: '172.20.0.3', privatePort: port(1111), publicIpAddr: '127.0.0.1', publicPort: port(49001) },
  },
  registerFilesArtifacts: {
    path: `${api}/RegisterFilesArtifacts`,
    request: { filesArtifactUrls: { art: 'http://files/a.tgz' } },
    response: empty,
  },
  registerService: {
    path: `${api}/RegisterService`,
    request: { serviceId: 's', partitionId: 'p' },
    response: { privateIpAddr: '172.20.0.4', relativeServiceDirpath: 'services/s-1' },
  },
  startService: {
    path: `${api}/StartService`,
    request: {
      serviceId: 's',
      dockerImage: 'img',
      privatePorts: { grpc: port(1323), dns: port(53, Port_Protocol.UDP) },
      entrypointArgs: ['sh', '-c'],
      cmdArgs: ['echo hi'],
      dockerEnvVars: { A: '1' },
      enclaveDataDirMntDirpath: '/data',
      filesArtifactMountDirpaths: { art: '/files' },
    },
    response: { publicIpAddr: '127.0.0.1', publicPorts: { grpc: port(49002), dns: port(49003, Port_Protocol.UDP) } },
  },
  getServiceInfo: {
    path: `${api}/GetServiceInfo`,
    request: { serviceId: 's' },
    response: {
      privateIpAddr: '172.20.0.4',
      privatePorts: { grpc: port(1323) },
      publicIpAddr: '127.0.0.1',
      publicPorts: { grpc: port(49002) },
      enclaveDataDirMountDirpath: '/data',
      relativeServiceDirpath: 'services/s-1',
    },
  },
  removeService: { path: `${api}/RemoveService`, request: { serviceId: 's', containerStopTimeoutSeconds: 7 }, response: empty },
  repartition: {
    path: `${api}/Repartition`,
    request: {
      partitionServices: { a: { serviceIdSet: { s1: true } }, b: { serviceIdSet: { s2: true } } },
      partitionConnections: { a: { connectionInfo: { b: { packetLossPercentage: 50 } } } },
      defaultConnection: { packetLossPercentage: 100 },
    },
    response: empty,
  },
  execCommand: {
    path: `${api}/ExecCommand`,
    request: { serviceId: 's', commandArgs: ['ls', '-l'] },
    response: { exitCode: 2, logOutput: 'no such file' },
  },
  waitForHttpGetEndpointAvailability: {
    path: `${api}/WaitForHttpGetEndpointAvailability`,
    request: {
      serviceId: 's',
      port: 80,
      path: 'health',
      initialDelayMilliseconds: 1,
      retries: 2,
      retriesDelayMilliseconds: 3,
      bodyText: 'ok',
    },
    response: empty,
  },
  waitForHttpPostEndpointAvailability: {
    path: `${api}/WaitForHttpPostEndpointAvailability`,
    request: {
      serviceId: 's',
      port: 80,
      path: 'health',
      requestBody: '{}',
      initialDelayMilliseconds: 1,
      retries: 2,
      retriesDelayMilliseconds: 3,
      bodyText: 'ok',
    },
    response: empty,
  },
  executeBulkCommands: {
    path: `${api}/ExecuteBulkCommands`,
    request: { serializedCommands: '{"schemaVersion":0,"body":{"commands":[]}}' },
    response: empty,
  },
  getServices: { path: `${api}/GetServices`, request: empty, response: { serviceIds: { s: true } } },
  getModules: { path: `${api}/GetModules`, request: empty, response: { moduleIds: { m: true } } },
};

const engine = '/engine_api.EngineService';
const enclaveInfo: engineApi.EnclaveInfo = {
  enclaveId: 'e',
  networkId: 'net',
  networkCidr: '172.20.0.0/24',
  containersStatus: engineApi.EnclaveContainersStatus.EnclaveContainersStatus_RUNNING,
  apiContainerStatus: engineApi.EnclaveAPIContainerStatus.EnclaveAPIContainerStatus_RUNNING,
  apiContainerInfo: { containerId: 'c', ipInsideEnclave: '172.20.0.2', portInsideEnclave: 7443 },
  apiContainerHostMachineInfo: { ipOnHostMachine: '127.0.0.1', portOnHostMachine: 49010 },
  enclaveDataDirpathOnHostMachine: '/var/lib/docker/volumes/e/_data',
};
const engineRpcs: Record<string, RpcSample> = {
  getEngineInfo: { path: `${engine}/GetEngineInfo`, request: empty, response: { engineVersion: '0.1.0' } },
  createEnclave: {
    path: `${engine}/CreateEnclave`,
    request: {
      enclaveId: 'e',
      apiContainerVersionTag: '0.1.0',
      apiContainerLogLevel: 'debug',
      isPartitioningEnabled: true,
      shouldPublishAllPorts: true,
    },
    response: { enclaveInfo },
  },
  getEnclaves: { path: `${engine}/GetEnclaves`, request: empty, response: { enclaveInfo: { e: enclaveInfo } } },
  stopEnclave: { path: `${engine}/StopEnclave`, request: { enclaveId: 'e' }, response: empty },
  destroyEnclave: { path: `${engine}/DestroyEnclave`, request: { enclaveId: 'e' }, response: empty },
  clean: { path: `${engine}/Clean`, request: { shouldCleanAll: true }, response: { removedEnclaveIds: { e: true } } },
};

const ds = '/datastore_api.DatastoreService';
const datastoreRpcs: Record<string, RpcSample> = {
  isAvailable: { path: `${ds}/IsAvailable`, request: empty, response: empty },
  exists: { path: `${ds}/Exists`, request: { key: 'k' }, response: { exists: true } },
  get: { path: `${ds}/Get`, request: { key: 'k' }, response: { value: 'v' } },
  upsert: { path: `${ds}/Upsert`, request: { key: 'k', value: 'v' }, response: empty },
};

const serviceConfig = '/kurtosis_ts.service_config.v1.ServiceConfigService';
const sampleConfig = {
  dockerImage: 'kurtosis-ts/datastore-server:0.1.0',
  privatePorts: { grpc: { number: 1323, protocol: serviceConfigApi.PortProtocol.PORT_PROTOCOL_TCP } },
  entrypointArgs: ['node'],
  cmdArgs: ['main.js'],
  dockerEnvVars: { A: '1' },
  enclaveDataDirMntDirpath: '/data',
  filesArtifactMountDirpaths: { files: '/files' },
};
const serviceConfigRpcs: Record<string, RpcSample> = {
  getServiceConfig: {
    path: `${serviceConfig}/GetServiceConfig`,
    request: { serviceId: 'db' },
    response: { config: sampleConfig, partitionId: 'default', privateIpAddr: '172.20.0.5' },
  },
  replaceService: {
    path: `${serviceConfig}/ReplaceService`,
    request: { serviceId: 'db', config: sampleConfig, stopTimeoutSeconds: 3 },
    response: { privateIpAddr: '172.20.0.5', publicIpAddr: '127.0.0.1', publicPorts: { grpc: { number: 49153, protocol: serviceConfigApi.PortProtocol.PORT_PROTOCOL_UDP } } },
  },
};

// Our extension: a package of its own, so the original protocol's paths stay untouched.
const lifecycle = '/kurtosis_ts.service_lifecycle.v1.ServiceLifecycleService';
const { ModuleStatus, ServiceStatus } = serviceLifecycleApi;
const lifecycleRpcs: Record<string, RpcSample> = {
  pauseService: { path: `${lifecycle}/PauseService`, request: { serviceId: 'db' }, response: { status: ServiceStatus.SERVICE_STATUS_PAUSED } },
  unpauseService: { path: `${lifecycle}/UnpauseService`, request: { serviceId: 'db' }, response: { status: ServiceStatus.SERVICE_STATUS_RUNNING } },
  stopService: { path: `${lifecycle}/StopService`, request: { serviceId: 'db', stopTimeoutSeconds: 7 }, response: { status: ServiceStatus.SERVICE_STATUS_STOPPED } },
  restartService: { path: `${lifecycle}/RestartService`, request: { serviceId: 'db', stopTimeoutSeconds: 3 }, response: { status: ServiceStatus.SERVICE_STATUS_RUNNING } },
  killService: { path: `${lifecycle}/KillService`, request: { serviceId: 'db', signal: 'SIGHUP' }, response: { status: ServiceStatus.SERVICE_STATUS_STOPPED } },
  getServiceStatus: { path: `${lifecycle}/GetServiceStatus`, request: { serviceId: 'db' }, response: { status: ServiceStatus.SERVICE_STATUS_STOPPED, exitCode: 137 } },
  listServiceStatuses: {
    path: `${lifecycle}/ListServiceStatuses`,
    request: {},
    response: { services: { db: { status: ServiceStatus.SERVICE_STATUS_PAUSED, exitCode: 0 }, web: { status: ServiceStatus.SERVICE_STATUS_STOPPED, exitCode: 1 } } },
  },
  getModuleStatus: {
    path: `${lifecycle}/GetModuleStatus`,
    request: { moduleId: 'army' },
    response: { status: ModuleStatus.MODULE_STATUS_EXITED, exitCode: 137, image: 'kurtosis-ts/datastore-army-module:0.1.0' },
  },
  listModuleStatuses: {
    path: `${lifecycle}/ListModuleStatuses`,
    request: {},
    response: { modules: { army: { status: ModuleStatus.MODULE_STATUS_RUNNING, exitCode: 0, image: 'm:1' } } },
  },
};

// Our enclave view: a unary overview, streamed logs and dump, exec with separate streams.
const view = '/kurtosis_ts.enclave_view.v1.EnclaveViewService';
const { LogSourceKind, OutputStream } = enclaveViewApi;
const enclaveViewRpcs: Record<string, RpcSample> = {
  getEnclaveOverview: {
    path: `${view}/GetEnclaveOverview`,
    request: {},
    response: {
      services: [
        {
          serviceId: 'web',
          status: ServiceStatus.SERVICE_STATUS_PAUSED,
          exitCode: 3,
          privateIp: '172.20.0.4',
          ports: [{ portId: 'http', privatePort: 80, protocol: 'tcp', publicIp: '127.0.0.1', publicPort: 49100 }],
          partitionId: 'edge',
        },
      ],
      modules: [{ moduleId: 'army', status: ModuleStatus.MODULE_STATUS_EXITED, exitCode: 137, image: 'm:1', privateIp: '172.20.0.5', publicPort: 49101, publicIp: '127.0.0.1' }],
      partitioningEnabled: true,
      partitions: [{ partitionId: 'edge', serviceIds: ['web'] }],
      connections: [{ partitionA: 'core', partitionB: 'edge', packetLossPercentage: 25 }],
      defaultPacketLossPercentage: 100,
    },
  },
  streamLogs: {
    path: `${view}/StreamLogs`,
    request: { serviceIds: ['web'], moduleIds: ['army'], follow: true, tailLines: 10, sinceUnixMs: 1_700_000_000_000 },
    streams: 'server',
    responses: [
      { sourceId: 'web', sourceKind: LogSourceKind.LOG_SOURCE_KIND_SERVICE, stream: OutputStream.OUTPUT_STREAM_STDOUT, line: 'hello', timestampUnixMs: 1_700_000_000_001 },
      { sourceId: 'army', sourceKind: LogSourceKind.LOG_SOURCE_KIND_MODULE, stream: OutputStream.OUTPUT_STREAM_STDERR, line: 'oops', timestampUnixMs: 1_700_000_000_002 },
    ],
  },
  execCommand: {
    path: `${view}/ExecCommand`,
    request: { serviceId: 'web', commandArgs: ['sh', '-c', 'echo a; echo b >&2'] },
    response: { exitCode: 2, stdout: Buffer.from('a\n'), stderr: Buffer.from('b\n') },
  },
  streamDump: {
    path: `${view}/StreamDump`,
    request: {},
    streams: 'server',
    responses: [
      { path: 'overview.json', chunk: Buffer.from('{"services":') },
      { path: 'overview.json', chunk: Buffer.from('[]}') },
      { path: 'web/logs.txt', chunk: Buffer.from('hello\n') },
    ],
  },
};

// Our engine sessions: a bidirectional heartbeat stream, and the list.
const sessions = '/kurtosis_ts.engine_sessions.v1.EngineSessionService';
const engineSessionRpcs: Record<string, RpcSample> = {
  keepSession: {
    path: `${sessions}/KeepSession`,
    request: { sessionId: 'run_1.a', reapAfterMs: 2_000, heartbeatTimeoutMs: 60_000 },
    streams: 'both',
    responses: [{ sessionId: 'run_1.a', reapAfterMs: 2_000, heartbeatTimeoutMs: 60_000 }],
  },
  listSessions: {
    path: `${sessions}/ListSessions`,
    request: {},
    response: { sessions: [{ sessionId: 'run_1.a', connected: true, enclaveIds: ['e1', 'e2'] }] },
  },
};

const services: ServiceUnderTest[] = [
  {
    name: 'module_api.ExecutableModuleService',
    definition: moduleApi.ExecutableModuleServiceService,
    clientConstructor: moduleApi.ExecutableModuleServiceClient,
    rpcs: moduleRpcs('module_api'),
  },
  {
    name: 'kurtosis_module_rpc_api_service.ExecutableModuleService (modules before Dec 2021)',
    definition: legacyModuleApi.ExecutableModuleServiceService,
    clientConstructor: legacyModuleApi.ExecutableModuleServiceClient,
    rpcs: moduleRpcs('kurtosis_module_rpc_api_service'),
  },
  {
    name: 'api_container_api.ApiContainerService',
    definition: apiContainerApi.ApiContainerServiceService,
    clientConstructor: apiContainerApi.ApiContainerServiceClient,
    rpcs: apiContainerRpcs,
  },
  {
    name: 'engine_api.EngineService',
    definition: engineApi.EngineServiceService,
    clientConstructor: engineApi.EngineServiceClient,
    rpcs: engineRpcs,
  },
  {
    name: 'datastore_api.DatastoreService',
    definition: datastoreApi.DatastoreServiceService,
    clientConstructor: datastoreApi.DatastoreServiceClient,
    rpcs: datastoreRpcs,
  },
  {
    name: 'kurtosis_ts.service_lifecycle.v1.ServiceLifecycleService',
    definition: serviceLifecycleApi.ServiceLifecycleServiceService,
    clientConstructor: serviceLifecycleApi.ServiceLifecycleServiceClient,
    rpcs: lifecycleRpcs,
  },
  {
    name: 'kurtosis_ts.enclave_view.v1.EnclaveViewService',
    definition: enclaveViewApi.EnclaveViewServiceService,
    clientConstructor: enclaveViewApi.EnclaveViewServiceClient,
    rpcs: enclaveViewRpcs,
  },
  {
    name: 'kurtosis_ts.service_config.v1.ServiceConfigService',
    definition: serviceConfigApi.ServiceConfigServiceService,
    clientConstructor: serviceConfigApi.ServiceConfigServiceClient,
    rpcs: serviceConfigRpcs,
  },
  {
    name: 'kurtosis_ts.engine_sessions.v1.EngineSessionService',
    definition: engineSessionsApi.EngineSessionServiceService,
    clientConstructor: engineSessionsApi.EngineSessionServiceClient,
    rpcs: engineSessionRpcs,
  },
];

/** Normalises a message through its own serializer pair, so defaults compare equal. */
function roundTrip(serialize: (v: unknown) => Buffer, deserialize: (b: Buffer) => unknown, value: unknown): unknown {
  return deserialize(serialize(value));
}

async function startServer(service: ServiceUnderTest, seen: { path: string; request: unknown }[]): Promise<[Server, number]> {
  const server = new Server();
  const implementation: UntypedServiceImplementation = {};
  for (const [method, sample] of Object.entries(service.rpcs)) {
    if (sample.streams === 'server') {
      implementation[method] = (call: ServerWritableStream<unknown, unknown>) => {
        seen.push({ path: call.getPath(), request: call.request });
        for (const response of sample.responses ?? []) call.write(response);
        call.end();
      };
    } else if (sample.streams === 'both') {
      implementation[method] = (call: ServerDuplexStream<unknown, unknown>) => {
        let answered = 0;
        call.on('data', (request: unknown) => {
          seen.push({ path: call.getPath(), request });
          call.write((sample.responses ?? [])[answered++]);
        });
        call.on('end', () => call.end());
      };
    } else {
      implementation[method] = (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
        seen.push({ path: call.getPath(), request: call.request });
        callback(null, sample.response);
      };
    }
  }
  server.addService(service.definition, implementation);
  const boundPort = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return [server, boundPort];
}

describe.each(services)('$name', (service) => {
  const seen: { path: string; request: unknown }[] = [];
  let server: Server;
  let client: Record<string, (...args: unknown[]) => unknown> & { close(): void };

  beforeAll(async () => {
    const [started, boundPort] = await startServer(service, seen);
    server = started;
    client = new service.clientConstructor(`127.0.0.1:${boundPort}`, credentials.createInsecure()) as typeof client;
  });

  afterAll(async () => {
    client?.close();
    await new Promise<void>((resolve) => (server ? server.tryShutdown(() => resolve()) : resolve()));
  });

  it('defines exactly the RPCs of the protocol, on the expected paths', () => {
    const paths = Object.fromEntries(Object.entries(service.definition).map(([m, d]) => [m, d.path]));
    const expected = Object.fromEntries(Object.entries(service.rpcs).map(([m, s]) => [m, s.path]));
    expect(paths).toEqual(expected);
  });

  it.each(Object.entries(service.rpcs))('%s round-trips over a real socket', async (method, sample) => {
    const def = service.definition[method];
    expect(def.requestStream).toBe(sample.streams === 'both');
    expect(def.responseStream).toBe(sample.streams !== undefined);
    const request = roundTrip(def.requestSerialize, def.requestDeserialize, sample.request);
    const expectedResponses = (sample.streams ? (sample.responses ?? []) : [sample.response]).map((r) => roundTrip(def.responseSerialize, def.responseDeserialize, r));
    const responses = await new Promise<unknown[]>((resolve, reject) => {
      if (!sample.streams) {
        (client[method] as (req: unknown, cb: (err: Error | null, res: unknown) => void) => void)(request, (err, res) => (err ? reject(err) : resolve([res])));
        return;
      }
      const received: unknown[] = [];
      const stream = (sample.streams === 'server' ? client[method](request) : client[method]()) as NodeJS.ReadWriteStream & { end(): void; write(m: unknown): boolean };
      stream.on('data', (m: unknown) => {
        received.push(m);
        // A bidirectional stream ends from the client's side once every answer came.
        if (sample.streams === 'both' && received.length === expectedResponses.length) stream.end();
      });
      stream.on('error', reject);
      stream.on('end', () => resolve(received));
      if (sample.streams === 'both') stream.write(request);
    });
    const last = seen[seen.length - 1];
    expect(last.path).toBe(sample.path);
    expect(last.request).toEqual(request);
    expect(responses).toEqual(expectedResponses);
  });
});
