// kurtosis_ts.enclave_view.v1.EnclaveViewService, served next to ApiContainerService: the enclave at a
// glance (enclave-overview.ts), every service's and module's output line by line (followed), a
// command's stdout and stderr apart, and a dump of the enclave's debugging material — all read
// through EnclaveBackend. Behind the same caller policy as every other RPC (checked here, since two
// of these RPCs stream and guardService wraps unary ones only); errors mapped in one place
// (grpc/to-status-error.ts).
import * as path from 'node:path';
import type { sendUnaryData, ServerUnaryCall, ServerWritableStream } from '@grpc/grpc-js';
import { invalid, isDomainError } from '@kurtosis-ts/domain';
import type { EnclaveId } from '@kurtosis-ts/domain';
import { dumpEnclaveObjects } from '@kurtosis-ts/container-backend';
import type { Enclave, EnclaveBackend, ObjectRef, ReadOutputOptions } from '@kurtosis-ts/container-backend';
import { API_CONTAINER_STATE_DIRPATH, enclaveViewApi, ENCLAVE_DATA_DIR_MOUNTPOINT, permissionDenied } from '@kurtosis-ts/protos';
import type { StatusError } from '@kurtosis-ts/protos';
import type { Logger } from 'pino';
import { validateProcessStrings } from '../bounds/request-bounds';
import { serveUnary } from '../grpc/serve';
import { toStatusError } from '../grpc/to-status-error';
import type { ModuleStore } from '../module/module-store';
import { STATE_FILE_NAME } from '../restore-enclave';
import type { ServiceLifecycle } from '../service/service-lifecycle';
import type { ServiceRegistry } from '../service/service-registry';
import type { CallerPolicy } from '../trust/caller-policy';
import { dataDirListing } from './data-dir-listing';
import { enclaveOverview, readStateFile } from './enclave-overview';
import type { OverviewSources } from './enclave-overview';

const { LogSourceKind, OutputStream } = enclaveViewApi;
/** Each of a command's streams, in one answer. */
export const MAX_EXEC_OUTPUT_BYTES = 1024 * 1024;
export const DUMP_CHUNK_BYTES = 64 * 1024;
export const MAX_LOG_SOURCES = 1_000;
/** How often a followed "everything" looks for services and modules started since. */
export const NEW_SOURCE_LOOK_MS = 250;

export interface EnclaveViewOptions {
  backend: EnclaveBackend;
  enclave: Enclave;
  registry: ServiceRegistry;
  lifecycle: ServiceLifecycle;
  modules: Pick<ModuleStore, 'moduleIds' | 'status' | 'getInfo' | 'processOf'>;
  callers: Pick<CallerPolicy, 'explainDenied'>;
  log: Logger;
  /** The API container's state directory and the enclave's data directory, as mounted in it. */
  stateDir?: string;
  dataDir?: string;
}

interface LogSource {
  sourceId: string;
  kind: enclaveViewApi.LogSourceKind;
  ref: ObjectRef;
}

/** A source by ID and process: a service removed and started again under its ID is a new source. */
function sourceKey(source: LogSource): string {
  return `${source.kind}|${source.sourceId}|${'guid' in source.ref ? source.ref.guid : ''}`;
}

function logSources(options: EnclaveViewOptions, request: enclaveViewApi.StreamLogsRequest): LogSource[] {
  const named = request.serviceIds.length + request.moduleIds.length;
  if (named > MAX_LOG_SOURCES) throw invalid(`StreamLogs names ${named} sources; the maximum is ${MAX_LOG_SOURCES}`);
  const { registry, modules, enclave } = options;
  const everything = named === 0;
  const serviceIds = everything ? registry.startedServiceIds().sort() : request.serviceIds;
  const moduleIds = everything ? modules.moduleIds().sort() : request.moduleIds;
  return [
    ...serviceIds.map((serviceId) => ({
      sourceId: serviceId,
      kind: LogSourceKind.LOG_SOURCE_KIND_SERVICE,
      ref: { kind: 'user-service' as const, enclaveId: enclave.id, guid: registry.getStarted(serviceId).guid },
    })),
    ...moduleIds.map((moduleId) => ({ sourceId: moduleId, kind: LogSourceKind.LOG_SOURCE_KIND_MODULE, ref: modules.processOf(moduleId) })),
  ];
}

/** What the dump says of the enclave's network: what the backend tells, for people reading it. */
async function networkFacts(backend: EnclaveBackend, enclave: Enclave): Promise<Record<string, unknown>> {
  const enclaveId: EnclaveId = enclave.id;
  return {
    enclaveId,
    networkId: enclave.platform.networkId,
    networkName: backend.externalJoinHint(enclaveId, '').networkName,
    subnet: enclave.subnet,
    hostClientIp: await backend.getHostClientIp(enclaveId),
    isPartitioningEnabled: enclave.isPartitioningEnabled,
    attachedIps: (await backend.getAddressesInUse(enclaveId)).sort(),
  };
}

export function enclaveViewService(options: EnclaveViewOptions): enclaveViewApi.EnclaveViewServiceServer {
  const { log, callers, backend, enclave } = options;
  const stateFilePath = path.join(options.stateDir ?? API_CONTAINER_STATE_DIRPATH, STATE_FILE_NAME);
  const overviewSources: OverviewSources = { ...options, stateFilePath };
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
    getEnclaveOverview: guardedUnary('GetEnclaveOverview', () => enclaveOverview(overviewSources)),

    streamLogs: guardedStream('StreamLogs', async (call: ServerWritableStream<enclaveViewApi.StreamLogsRequest, enclaveViewApi.StreamLogsResponse>, signal) => {
      const request = call.request;
      const sources = logSources(options, request);
      const readers: Promise<void>[] = [];
      const followed = new Set<string>();
      const read = (source: LogSource, reading: ReadOutputOptions) => {
        followed.add(sourceKey(source));
        readers.push(
          backend
            .readOutputLines(source.ref, reading, (l) => {
              if (signal.aborted) return;
              call.write({
                sourceId: source.sourceId,
                sourceKind: source.kind,
                stream: l.stream === 'stdout' ? OutputStream.OUTPUT_STREAM_STDOUT : OutputStream.OUTPUT_STREAM_STDERR,
                line: l.line,
                timestampUnixMs: l.timestampMs,
              });
            })
            // A process removed while it was read simply ends its part.
            .catch((err: unknown) => (isDomainError(err, 'not-found') ? undefined : Promise.reject(err))),
        );
      };
      for (const source of sources) read(source, { follow: request.follow, tailLines: request.tailLines, sinceMs: request.sinceUnixMs, signal });
      // Following everything (`enclave logs -f`) means what starts later too, from its first line,
      // until the caller cancels — as `docker compose logs -f` does. The registry is in memory: a
      // look every NEW_SOURCE_LOOK_MS costs nothing.
      if (request.follow && request.serviceIds.length + request.moduleIds.length === 0) {
        await new Promise<void>((resolve) => {
          const look = setInterval(() => {
            try {
              for (const source of logSources(options, request)) {
                if (!followed.has(sourceKey(source))) read(source, { follow: true, sinceMs: request.sinceUnixMs, signal });
              }
            } catch (err) {
              // A timer's throw would end the process: a failed look is logged, the next one tries again.
              log.warn({ err }, 'StreamLogs: looking for new sources failed');
            }
          }, NEW_SOURCE_LOOK_MS);
          signal.addEventListener('abort', () => (clearInterval(look), resolve()), { once: true });
        });
      }
      await Promise.all(readers);
    }),

    execCommand: guardedUnary('ExecCommand', async (request: enclaveViewApi.ExecCommandRequest) => {
      if (request.commandArgs.length === 0) throw invalid('ExecCommand needs a command: command_args is empty');
      validateProcessStrings({ argv: { command_args: request.commandArgs } });
      const { guid } = options.registry.getStarted(request.serviceId);
      const result = await backend.execSeparated({ kind: 'user-service', enclaveId: enclave.id, guid }, request.commandArgs, MAX_EXEC_OUTPUT_BYTES);
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
      const state = await readStateFile(stateFilePath);
      if (state !== undefined) send('api-container-state.json', state);
      send('overview.json', json(enclaveViewApi.GetEnclaveOverviewResponse.toJSON(await enclaveOverview(overviewSources))));
      send('network.json', json(await networkFacts(backend, enclave)));
      send('data-dir.txt', await dataDirListing(options.dataDir ?? ENCLAVE_DATA_DIR_MOUNTPOINT));
      await dumpEnclaveObjects(backend, await backend.getEnclaveObjects(enclave.id), send, signal);
    }),
  };
}
