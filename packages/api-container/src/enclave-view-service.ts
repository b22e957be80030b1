// kurtosis_ts.enclave_view.v1.EnclaveViewService, served next to ApiContainerService: the enclave at a
// glance (services with ports and partitions, modules, the topology), every service's and module's
// output line by line (followed), a command's stdout and stderr apart, and a dump of the enclave's
// debugging material. Behind the same caller policy as every other RPC (checked here, since two of
// these RPCs stream and guardService wraps unary ones only).
import { lstat, readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { sendUnaryData, ServerUnaryCall, ServerWritableStream } from '@grpc/grpc-js';
import { ContainerOutput, isBackendError } from '@kurtosis-ts/container-backend';
import type { ContainerStatus, Enclave, KurtosisBackend, PortSpec } from '@kurtosis-ts/container-backend';
import {
  API_CONTAINER_STATE_DIRPATH,
  enclaveViewApi,
  ENCLAVE_DATA_DIR_MOUNTPOINT,
  invalidArgument,
  notFound,
  permissionDenied,
  quote,
  serveUnary,
  serviceLifecycleApi,
  toStatusError,
} from '@kurtosis-ts/protos';
import type { StatusError } from '@kurtosis-ts/protos';
import type { Logger } from 'pino';
import type { ModuleStore } from './module/module-store';
import { PUBLIC_IP } from './service/service-network';
import type { ServiceLifecycle } from './service/service-lifecycle';
import type { ServiceRegistry } from './service/service-registry';
import type { CallerPolicy } from './trust/caller-policy';
import { STATE_FILE_NAME } from './restore-enclave';

const { LogSourceKind, OutputStream } = enclaveViewApi;
const { ServiceStatus, ModuleStatus } = serviceLifecycleApi;
/** Each of a command's streams, in one answer. */
const MAX_EXEC_OUTPUT_BYTES = 1024 * 1024;
const DUMP_CHUNK_BYTES = 64 * 1024;
/** Entries of the data directory listing in a dump; the rest is summed up in one line. */
const MAX_LISTED_ENTRIES = 20_000;
const MAX_LOG_SOURCES = 1_000;

const WIRE_STATUS: Record<ContainerStatus, serviceLifecycleApi.ServiceStatus> = {
  running: ServiceStatus.SERVICE_STATUS_RUNNING,
  paused: ServiceStatus.SERVICE_STATUS_PAUSED,
  stopped: ServiceStatus.SERVICE_STATUS_STOPPED,
};

export interface EnclaveViewDeps {
  backend: KurtosisBackend;
  enclave: Enclave;
  registry: ServiceRegistry;
  lifecycle: ServiceLifecycle;
  modules: ModuleStore;
  callers: CallerPolicy;
  log: Logger;
  output?: ContainerOutput;
}

interface SavedTopology {
  partitions: string[];
  servicePartitions: Record<string, string>;
  connections: Record<string, number>;
  defaultLossPercentage: number;
}

async function readStateFile(): Promise<string | undefined> {
  try {
    return await readFile(path.join(API_CONTAINER_STATE_DIRPATH, STATE_FILE_NAME), 'utf8');
  } catch {
    return undefined;
  }
}

/** The topology as the API container last saved it (it saves after every repartition). */
async function savedTopology(): Promise<SavedTopology | undefined> {
  const text = await readStateFile();
  if (!text) return undefined;
  try {
    return (JSON.parse(text) as { topology?: SavedTopology }).topology;
  } catch {
    return undefined;
  }
}

function portBindings(privatePorts: Record<string, PortSpec>, publicPorts: Record<string, PortSpec>, running: boolean): enclaveViewApi.PortBinding[] {
  return Object.entries(privatePorts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([portId, p]) => {
      const published = running ? publicPorts[portId] : undefined;
      return { portId, privatePort: p.number, protocol: p.protocol, publicIp: published ? PUBLIC_IP : '', publicPort: published?.number ?? 0 };
    });
}

/** "a|b" → loss, as the topology keeps connections: one entry per unordered pair. */
function wireConnections(connections: Record<string, number>): enclaveViewApi.PartitionConnectionOverview[] {
  return Object.entries(connections)
    .map(([pair, loss]) => {
      const [partitionA, partitionB] = pair.split('|');
      return { partitionA, partitionB, packetLossPercentage: loss };
    })
    .sort((x, y) => `${x.partitionA}|${x.partitionB}`.localeCompare(`${y.partitionA}|${y.partitionB}`));
}

export async function enclaveOverview(deps: EnclaveViewDeps): Promise<enclaveViewApi.GetEnclaveOverviewResponse> {
  const { registry, lifecycle, modules, enclave } = deps;
  const [statuses, topology] = await Promise.all([lifecycle.statuses(), enclave.isPartitioningEnabled ? savedTopology() : Promise.resolve(undefined)]);
  const services = registry
    .startedServiceIds()
    .sort()
    .map((serviceId) => {
      const record = registry.getStarted(serviceId);
      const status = statuses[serviceId] ?? { status: 'stopped' as const, exitCode: -1 };
      return {
        serviceId,
        status: WIRE_STATUS[status.status],
        exitCode: status.status === 'stopped' ? status.exitCode : 0,
        privateIp: record.privateIp,
        ports: portBindings(record.privatePorts, record.publicPorts, status.status === 'running'),
        partitionId: enclave.isPartitioningEnabled ? (topology?.servicePartitions[serviceId] ?? record.partitionId) : '',
      };
    });
  const moduleIds = modules.moduleIds().sort();
  const moduleStatuses = await Promise.all(moduleIds.map((id) => modules.status(id)));
  const moduleOverviews = moduleIds.map((moduleId, i) => {
    const info = modules.getInfo(moduleId);
    const running = moduleStatuses[i].status === 'running';
    return {
      moduleId,
      status: running ? ModuleStatus.MODULE_STATUS_RUNNING : ModuleStatus.MODULE_STATUS_EXITED,
      exitCode: running ? 0 : moduleStatuses[i].exitCode,
      image: moduleStatuses[i].image,
      privateIp: info.privateIpAddr,
      publicPort: running ? (info.publicPort?.number ?? 0) : 0,
    };
  });
  const partitions = enclave.isPartitioningEnabled
    ? (topology?.partitions ?? ['default']).map((partitionId) => ({
        partitionId,
        serviceIds: services.filter((s) => s.partitionId === partitionId).map((s) => s.serviceId),
      }))
    : [];
  return {
    services,
    modules: moduleOverviews,
    partitioningEnabled: enclave.isPartitioningEnabled,
    partitions,
    connections: topology ? wireConnections(topology.connections) : [],
    defaultPacketLossPercentage: topology?.defaultLossPercentage ?? 0,
  };
}

interface LogSource {
  sourceId: string;
  kind: enclaveViewApi.LogSourceKind;
  containerId: string;
}

async function logSources(deps: EnclaveViewDeps, request: enclaveViewApi.StreamLogsRequest): Promise<LogSource[]> {
  if (request.serviceIds.length + request.moduleIds.length > MAX_LOG_SOURCES) {
    throw invalidArgument(`StreamLogs names ${request.serviceIds.length + request.moduleIds.length} sources; the maximum is ${MAX_LOG_SOURCES}`);
  }
  const everything = request.serviceIds.length === 0 && request.moduleIds.length === 0;
  const serviceIds = everything ? deps.registry.startedServiceIds().sort() : request.serviceIds;
  const services = serviceIds.map((serviceId: string) => ({ sourceId: serviceId, kind: LogSourceKind.LOG_SOURCE_KIND_SERVICE, containerId: deps.registry.getStarted(serviceId).containerId }));
  const moduleContainers = await deps.backend.getModules(deps.enclave.id);
  const moduleIds = everything ? deps.modules.moduleIds().sort() : request.moduleIds;
  const modules = moduleIds.map((moduleId: string) => {
    const container = moduleContainers.find((m) => m.moduleId === moduleId);
    if (!container) throw notFound(`No module with ID ${quote(moduleId)} is loaded in this enclave`);
    return { sourceId: moduleId, kind: LogSourceKind.LOG_SOURCE_KIND_MODULE, containerId: container.containerId };
  });
  return [...services, ...modules];
}

/** The data directory as `type size path` lines, depth first, without following links. */
async function dataDirListing(root: string): Promise<string> {
  const lines: string[] = [];
  let skipped = 0;
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir).catch(() => [] as string[]);
    for (const name of entries.sort()) {
      const full = path.join(dir, name);
      const stat = await lstat(full).catch(() => undefined);
      if (!stat) continue;
      if (lines.length >= MAX_LISTED_ENTRIES) {
        skipped += 1;
        continue;
      }
      const type = stat.isDirectory() ? 'dir' : stat.isSymbolicLink() ? 'link' : 'file';
      lines.push(`${type}\t${stat.size}\t${path.relative(root, full)}`);
      if (stat.isDirectory()) await walk(full);
    }
  };
  await walk(root);
  if (skipped > 0) lines.push(`… ${skipped} more entries not listed`);
  return `${lines.join('\n')}\n`;
}

export function enclaveViewService(deps: EnclaveViewDeps): enclaveViewApi.EnclaveViewServiceServer {
  const { log, callers } = deps;
  const output = deps.output ?? new ContainerOutput();
  const onError = (err: StatusError, rpc: string) => log.warn({ rpc, code: err.code }, err.message);
  const refusal = (peer: string, rpc: string): StatusError | undefined => {
    const denial = callers.explainDenied(peer, rpc);
    if (denial === undefined) return undefined;
    log.warn({ rpc, peer }, denial);
    return permissionDenied(denial);
  };
  const guardedUnary = <Req, Res>(rpc: string, handler: (request: Req) => Promise<Res>) => {
    const served = serveUnary<Req, Res>(rpc, handler, onError);
    return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
      const denied = refusal(call.getPeer(), rpc);
      if (denied) callback(denied.toServiceError(), null);
      else served(call, callback);
    };
  };
  /** Runs a streaming handler: a refusal or a throw ends the call with its status, never a crash. */
  const guardedStream = <Req, Res>(rpc: string, handler: (call: ServerWritableStream<Req, Res>, signal: AbortSignal) => Promise<void>) => {
    return (call: ServerWritableStream<Req, Res>) => {
      const denied = refusal(call.getPeer(), rpc);
      if (denied) {
        call.emit('error', denied.toServiceError());
        return;
      }
      const abort = new AbortController();
      call.on('cancelled', () => abort.abort());
      handler(call, abort.signal).then(
        () => call.end(),
        (err: unknown) => {
          const status = toStatusError(err, rpc);
          onError(status, rpc);
          call.emit('error', status.toServiceError());
        },
      );
    };
  };

  return {
    getEnclaveOverview: guardedUnary('GetEnclaveOverview', () => enclaveOverview(deps)),

    streamLogs: guardedStream('StreamLogs', async (call: ServerWritableStream<enclaveViewApi.StreamLogsRequest, enclaveViewApi.StreamLogsResponse>, signal) => {
      const request = call.request;
      const sources = await logSources(deps, request);
      await Promise.all(
        sources.map((source) =>
          output
            .readLogs(source.containerId, { follow: request.follow, tailLines: request.tailLines, sinceMs: request.sinceUnixMs, signal }, (l) => {
              if (signal.aborted) return;
              call.write({
                sourceId: source.sourceId,
                sourceKind: source.kind,
                stream: l.stream === 'stdout' ? OutputStream.OUTPUT_STREAM_STDOUT : OutputStream.OUTPUT_STREAM_STDERR,
                line: l.line,
                timestampUnixMs: l.timestampMs,
              });
            })
            // A container removed while it was read simply ends its part.
            .catch((err: unknown) => (isBackendError(err, 'not-found') ? undefined : Promise.reject(err))),
        ),
      );
    }),

    execCommand: guardedUnary('ExecCommand', async (request: enclaveViewApi.ExecCommandRequest) => {
      if (request.commandArgs.length === 0) throw invalidArgument('ExecCommand needs a command: command_args is empty');
      const { containerId } = deps.registry.getStarted(request.serviceId);
      const result = await output.exec(containerId, request.commandArgs, MAX_EXEC_OUTPUT_BYTES);
      return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
    }),

    streamDump: guardedStream('StreamDump', async (call: ServerWritableStream<enclaveViewApi.StreamDumpRequest, enclaveViewApi.StreamDumpResponse>, signal) => {
      const send = (file: string, content: string | Buffer) => {
        const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
        for (let offset = 0; offset === 0 || offset < bytes.length; offset += DUMP_CHUNK_BYTES) {
          if (signal.aborted) return;
          call.write({ path: file, chunk: bytes.subarray(offset, offset + DUMP_CHUNK_BYTES) });
        }
      };
      const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
      const state = await readStateFile();
      if (state !== undefined) send('api-container-state.json', state);
      const overview = await enclaveOverview(deps);
      send('overview.json', json(enclaveViewApi.GetEnclaveOverviewResponse.toJSON(overview)));
      const { enclave, backend } = deps;
      send(
        'network.json',
        json({
          enclaveId: enclave.id,
          networkId: enclave.networkId,
          networkName: enclave.networkName,
          subnet: enclave.subnet,
          gatewayIp: enclave.gatewayIp,
          isPartitioningEnabled: enclave.isPartitioningEnabled,
          attachedIps: (await backend.getEnclaveNetworkIps(enclave)).sort(),
        }),
      );
      send('data-dir.txt', await dataDirListing(ENCLAVE_DATA_DIR_MOUNTPOINT));
      for (const container of await backend.getEnclaveContainers(enclave.id)) {
        if (signal.aborted) return;
        send(`${container.name}/inspect.json`, json(await backend.describeContainer(container.containerId).catch((err: Error) => ({ error: err.message }))));
        send(`${container.name}/logs.txt`, `${await backend.getLastLogLines(container.containerId, 1_000_000).catch((err: Error) => `(${err.message})`)}\n`);
      }
    }),
  };
}
