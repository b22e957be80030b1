// EnclaveViewService over a real socket (127.0.0.1) against the in-memory backend: the overview,
// logs (all sources or some, stdout and stderr apart, tail, follow until cancelled), exec with
// separate streams, the dump, and the caller policy in front of every RPC, streams included.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { credentials, Server, ServerCredentials, status } from '@grpc/grpc-js';
import type { ClientReadableStream, ServiceError } from '@grpc/grpc-js';
import { parseId } from '@kurtosis-ts/domain';
import type { ServiceGuid } from '@kurtosis-ts/domain';
import type { ObjectRef } from '@kurtosis-ts/container-backend';
import { enclaveViewApi, serviceLifecycleApi } from '@kurtosis-ts/protos';
import { ModuleStore } from '../module/module-store';
import { STATE_FILE_NAME } from '../restore-enclave';
import { ServiceLifecycle } from '../service/service-lifecycle';
import { ServiceRegistry } from '../service/service-registry';
import { inMemoryEnclave, silentLog } from '../../test/support/in-memory-enclave';
import type { InMemoryEnclave } from '../../test/support/in-memory-enclave';
import { DUMP_CHUNK_BYTES, enclaveViewService } from './enclave-view-service';

const { OutputStream, LogSourceKind } = enclaveViewApi;
const { ServiceStatus, ModuleStatus } = serviceLifecycleApi;
const SERVICE_CONFIG = { image: 'web:1', ports: { http: { number: 8080, protocol: 'tcp' as const } }, entrypoint: [], cmd: [], env: {}, dataDirMountpoint: '', filesArtifacts: [] };

async function eventually(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Every message of a server stream, and how it ended. */
function collect<T>(stream: ClientReadableStream<T>): Promise<{ messages: T[]; error?: ServiceError }> {
  const messages: T[] = [];
  return new Promise((resolve) => {
    stream.on('data', (m: T) => messages.push(m));
    stream.on('error', (error: ServiceError) => resolve({ messages, error }));
    stream.on('end', () => resolve({ messages }));
  });
}

describe('EnclaveViewService', () => {
  let env: InMemoryEnclave;
  let stateDir: string;
  let server: Server;
  let client: enclaveViewApi.EnclaveViewServiceClient;
  let allowed: boolean;
  let registry: ServiceRegistry;
  const refs: Record<string, ObjectRef> = {};

  const overviewOf = () =>
    new Promise<enclaveViewApi.GetEnclaveOverviewResponse>((resolve, reject) => client.getEnclaveOverview({}, (err, res) => (err ? reject(err) : resolve(res))));
  const exec = (request: enclaveViewApi.ExecCommandRequest) =>
    new Promise<enclaveViewApi.ExecCommandResponse>((resolve, reject) => client.execCommand(request, (err, res) => (err ? reject(err) : resolve(res))));

  beforeEach(async () => {
    allowed = true;
    env = await inMemoryEnclave({
      partitioned: true,
      exec: (_ref, argv) => (argv[0] === 'both' ? { exitCode: 4, stdout: 'to stdout\n', stderr: 'to stderr\n' } : { exitCode: 0, output: '' }),
    });
    const { backend, enclaveId } = env;
    for (const id of ['web', 'db']) {
      const registration = await backend.registerService(enclaveId, parseId('service', id));
      await backend.startService(enclaveId, registration.guid, SERVICE_CONFIG);
      refs[id] = { kind: 'user-service', enclaveId, guid: registration.guid };
    }
    backend.writeOutput(refs['web'], 'web says hello\n');
    backend.writeOutput(refs['web'], 'web complains\n', 'stderr');
    backend.writeOutput(refs['db'], 'db ready\n');
    const moduleRegistration = await backend.registerModule(enclaveId, parseId('module', 'army'));
    await backend.startModule(enclaveId, moduleRegistration.guid, { image: 'army:1', port: 1111, env: {}, dataDirMountpoint: '/data' });
    refs['army'] = { kind: 'module', enclaveId, guid: moduleRegistration.guid };
    backend.writeOutput(refs['army'], '{"msg":"module serving"}\n');
    await backend.pauseService(enclaveId, (refs['db'] as { guid: ServiceGuid }).guid);

    stateDir = mkdtempSync(path.join(os.tmpdir(), 'enclave-view-state-'));
    writeFileSync(
      path.join(stateDir, STATE_FILE_NAME),
      JSON.stringify({
        schemaVersion: 1,
        topology: { partitions: ['edge', 'core', 'spare'], servicePartitions: { web: 'edge', db: 'core' }, connections: { 'core|edge': 30, 'core|spare': 0 }, defaultLossPercentage: 100 },
        sidecars: {},
        registeredServices: [],
      }),
    );
    mkdirSync(path.join(env.dataDir, 'services', 'web-1'), { recursive: true });
    writeFileSync(path.join(env.dataDir, 'services', 'web-1', 'notes.txt'), 'hello');

    registry = new ServiceRegistry(await backend.getUserServices(enclaveId));
    const lifecycle = new ServiceLifecycle({ backend, enclaveId, registry, log: silentLog });
    const connection = { waitUntilAvailable: async () => undefined, execute: async () => '', close: () => undefined };
    const modules = new ModuleStore({ backend, enclaveId, apiContainerSocket: '172.16.0.2:7443', availabilityTimeoutMs: 100, log: silentLog, existing: await backend.getModules(enclaveId), connect: () => connection });
    const [enclave] = await backend.getEnclaves([enclaveId]);
    const callers = { explainDenied: (peer: string, rpc: string) => (allowed ? undefined : `${rpc} refused for caller ${peer}`) };
    server = new Server();
    server.addService(enclaveViewApi.EnclaveViewServiceService, enclaveViewService({ backend, enclave, registry, lifecycle, modules, callers, log: silentLog, stateDir, dataDir: env.dataDir }));
    const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
    client = new enclaveViewApi.EnclaveViewServiceClient(`127.0.0.1:${port}`, credentials.createInsecure());
  });

  afterEach(() => {
    client?.close();
    server?.forceShutdown();
    env?.cleanUp();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('shows services with status, ports where the backend published them and partition, modules, and the saved topology', async () => {
    const overview = await overviewOf();
    const [db, web] = overview.services;
    expect(web).toMatchObject({ serviceId: 'web', status: ServiceStatus.SERVICE_STATUS_RUNNING, partitionId: 'edge' });
    // The in-memory backend publishes on a documentation address: nothing may assume loopback.
    expect(web.ports).toEqual([{ portId: 'http', privatePort: 8080, protocol: 'tcp', publicIp: '192.0.2.10', publicPort: expect.any(Number) }]);
    expect(web.ports[0].publicPort).toBeGreaterThan(0);
    // A paused service's ports are not reachable: shown without a binding.
    expect(db).toMatchObject({ serviceId: 'db', status: ServiceStatus.SERVICE_STATUS_PAUSED, partitionId: 'core', ports: [expect.objectContaining({ publicIp: '', publicPort: 0 })] });
    expect(overview.modules).toEqual([
      { moduleId: 'army', status: ModuleStatus.MODULE_STATUS_RUNNING, exitCode: 0, image: 'army:1', privateIp: expect.stringMatching(/^172\./), publicPort: expect.any(Number), publicIp: '192.0.2.10' },
    ]);
    expect(overview.partitioningEnabled).toBe(true);
    expect(overview.partitions).toEqual([
      { partitionId: 'edge', serviceIds: ['web'] },
      { partitionId: 'core', serviceIds: ['db'] },
      { partitionId: 'spare', serviceIds: [] },
    ]);
    expect(overview.connections).toEqual([
      { partitionA: 'core', partitionB: 'edge', packetLossPercentage: 30 },
      { partitionA: 'core', partitionB: 'spare', packetLossPercentage: 0 },
    ]);
    expect(overview.defaultPacketLossPercentage).toBe(100);
  });

  it('shows an exited module with its exit code and no address', async () => {
    env.backend.exitProcess(refs['army'], 3);
    const [army] = (await overviewOf()).modules;
    expect(army).toMatchObject({ status: ModuleStatus.MODULE_STATUS_EXITED, exitCode: 3, publicPort: 0, publicIp: '' });
  });

  it('streams every service and module, each line with its source, stream and time', async () => {
    const { messages, error } = await collect(client.streamLogs(enclaveViewApi.StreamLogsRequest.fromPartial({})));
    expect(error).toBeUndefined();
    const lines = messages.map((m) => [m.sourceId, m.sourceKind, m.stream, m.line]);
    expect(lines).toEqual(
      expect.arrayContaining([
        ['web', LogSourceKind.LOG_SOURCE_KIND_SERVICE, OutputStream.OUTPUT_STREAM_STDOUT, 'web says hello'],
        ['web', LogSourceKind.LOG_SOURCE_KIND_SERVICE, OutputStream.OUTPUT_STREAM_STDERR, 'web complains'],
        ['db', LogSourceKind.LOG_SOURCE_KIND_SERVICE, OutputStream.OUTPUT_STREAM_STDOUT, 'db ready'],
        ['army', LogSourceKind.LOG_SOURCE_KIND_MODULE, OutputStream.OUTPUT_STREAM_STDOUT, '{"msg":"module serving"}'],
      ]),
    );
    expect(lines).toHaveLength(4);
    expect(messages.every((m) => m.timestampUnixMs > 0)).toBe(true);
  });

  it('streams only the named sources, their last N lines', async () => {
    const { messages } = await collect(client.streamLogs(enclaveViewApi.StreamLogsRequest.fromPartial({ serviceIds: ['web'], tailLines: 1 })));
    expect(messages.map((m) => [m.sourceId, m.line])).toEqual([['web', 'web complains']]);
  });

  it('follows until the caller cancels, sending what is written meanwhile', async () => {
    const stream = client.streamLogs(enclaveViewApi.StreamLogsRequest.fromPartial({ moduleIds: ['army'], follow: true }));
    const seen: string[] = [];
    stream.on('data', (m: enclaveViewApi.StreamLogsResponse) => seen.push(m.line));
    const ended = new Promise<ServiceError | undefined>((resolve) => {
      stream.on('error', resolve);
      stream.on('end', () => resolve(undefined));
    });
    await eventually(() => seen.length === 1, 'the first line');
    env.backend.writeOutput(refs['army'], 'later line\n');
    await eventually(() => seen.includes('later line'), 'the line written while followed');
    stream.cancel();
    expect((await ended)?.code).toBe(status.CANCELLED);
  });

  it('following everything, follows a service started later from its first line, until cancelled', async () => {
    const stream = client.streamLogs(enclaveViewApi.StreamLogsRequest.fromPartial({ follow: true }));
    const seen: string[] = [];
    stream.on('data', (m: enclaveViewApi.StreamLogsResponse) => seen.push(`${m.sourceId}: ${m.line}`));
    const ended = new Promise<ServiceError | undefined>((resolve) => {
      stream.on('error', resolve);
      stream.on('end', () => resolve(undefined));
    });
    await eventually(() => seen.length === 4, 'the lines of the sources present at the start');
    const { backend, enclaveId } = env;
    const registration = await backend.registerService(enclaveId, parseId('service', 'late'));
    registry.add(registration, 'edge');
    registry.beginStart('late');
    await backend.startService(enclaveId, registration.guid, SERVICE_CONFIG);
    const late = { kind: 'user-service' as const, enclaveId, guid: registration.guid };
    backend.writeOutput(late, 'late and first\n');
    registry.finishStart('late', { privatePorts: {}, publicHost: '', publicPorts: {}, dataDirMountpoint: '', config: undefined });
    backend.writeOutput(late, 'late and second\n');
    await eventually(() => seen.includes('late: late and second'), "the later service's lines");
    expect(seen.filter((l) => l.startsWith('late:'))).toEqual(['late: late and first', 'late: late and second']);
    stream.cancel();
    expect((await ended)?.code).toBe(status.CANCELLED);
  });

  it('refuses unknown sources (NOT_FOUND), invalid IDs (INVALID_ARGUMENT) and too many sources', async () => {
    const unknownModule = await collect(client.streamLogs(enclaveViewApi.StreamLogsRequest.fromPartial({ moduleIds: ['ghost'] })));
    expect(unknownModule.error).toMatchObject({ code: status.NOT_FOUND, details: expect.stringContaining("'ghost'") });
    const badId = await collect(client.streamLogs(enclaveViewApi.StreamLogsRequest.fromPartial({ serviceIds: ['Bad ID'] })));
    expect(badId.error?.code).toBe(status.INVALID_ARGUMENT);
    const many = await collect(client.streamLogs(enclaveViewApi.StreamLogsRequest.fromPartial({ serviceIds: Array.from({ length: 1_001 }, (_, i) => `s${i}`) })));
    expect(many.error).toMatchObject({ code: status.INVALID_ARGUMENT, details: expect.stringContaining('the maximum is 1000') });
  });

  it('runs a command with its stdout and stderr apart', async () => {
    const result = await exec({ serviceId: 'web', commandArgs: ['both'] });
    expect({ exitCode: result.exitCode, stdout: Buffer.from(result.stdout).toString(), stderr: Buffer.from(result.stderr).toString() }).toEqual({ exitCode: 4, stdout: 'to stdout\n', stderr: 'to stderr\n' });
    await expect(exec({ serviceId: 'web', commandArgs: [] })).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
    await expect(exec({ serviceId: 'nope', commandArgs: ['ls'] })).rejects.toMatchObject({ code: status.NOT_FOUND });
    await expect(exec({ serviceId: 'web', commandArgs: ['a'.repeat(131_072)] })).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
  });

  it('dumps the state, the overview, the network, the data directory and every object, in chunks', async () => {
    env.backend.writeOutput(refs['web'], `${'x'.repeat(DUMP_CHUNK_BYTES + 10)}\n`);
    const { messages, error } = await collect(client.streamDump({}));
    expect(error).toBeUndefined();
    const files = new Map<string, Buffer>();
    for (const m of messages) files.set(m.path, Buffer.concat([files.get(m.path) ?? Buffer.alloc(0), Buffer.from(m.chunk)]));
    expect(messages.every((m) => m.chunk.length <= DUMP_CHUNK_BYTES)).toBe(true);
    expect(JSON.parse(files.get('api-container-state.json')?.toString() ?? '{}').topology.servicePartitions).toEqual({ web: 'edge', db: 'core' });
    expect(JSON.parse(files.get('overview.json')?.toString() ?? '{}').services).toHaveLength(2);
    const [enclave] = await env.backend.getEnclaves([env.enclaveId]);
    const network = JSON.parse(files.get('network.json')?.toString() ?? '{}');
    expect(network).toMatchObject({ enclaveId: env.enclaveId, subnet: enclave.subnet, isPartitioningEnabled: true, hostClientIp: await env.backend.getHostClientIp(env.enclaveId) });
    expect(network.attachedIps).toEqual((await env.backend.getAddressesInUse(env.enclaveId)).sort());
    expect(files.get('data-dir.txt')?.toString()).toMatch(/^dir\t\d+\tservices\ndir\t\d+\tservices\/web-1\nfile\t5\tservices\/web-1\/notes\.txt\n$/);
    const objects = await env.backend.getEnclaveObjects(env.enclaveId);
    expect(objects.length).toBeGreaterThanOrEqual(4);
    for (const object of objects) {
      expect(JSON.parse(files.get(`${object.displayName}/inspect.json`)?.toString() ?? 'null')).not.toBeNull();
      expect(files.has(`${object.displayName}/logs.txt`)).toBe(true);
    }
    const web = objects.find((o) => o.ref.kind === 'user-service' && o.objectId === 'web');
    const webLogs = files.get(`${web?.displayName}/logs.txt`)?.toString() ?? '';
    expect(webLogs).toContain('web says hello');
    expect(webLogs).toContain('x'.repeat(DUMP_CHUNK_BYTES + 10));
  });

  it('refuses every RPC to a caller the policy denies, streams included', async () => {
    allowed = false;
    await expect(overviewOf()).rejects.toMatchObject({ code: status.PERMISSION_DENIED, details: expect.stringContaining('GetEnclaveOverview refused') });
    await expect(exec({ serviceId: 'web', commandArgs: ['both'] })).rejects.toMatchObject({ code: status.PERMISSION_DENIED });
    const logs = await collect(client.streamLogs(enclaveViewApi.StreamLogsRequest.fromPartial({})));
    expect(logs).toMatchObject({ messages: [], error: { code: status.PERMISSION_DENIED } });
    const dump = await collect(client.streamDump({}));
    expect(dump).toMatchObject({ messages: [], error: { code: status.PERMISSION_DENIED, details: expect.stringContaining('StreamDump refused') } });
  });
});
