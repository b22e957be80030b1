// engine_api.EngineService: thin gRPC adapters over the EnclaveManager. Every answer goes through
// serveUnary with this server's one error mapping (grpc/to-status-error.ts).
import { formatEngineVersion, serveUnary as serveUnaryWith } from '@kurtosis-ts/protos';
import type { engineApi, StatusError } from '@kurtosis-ts/protos';
import type { ServerUnaryCall } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { EnclaveManager } from './enclave-manager';
import { toStatusError } from './grpc/to-status-error';

function serveUnary<Req, Res>(rpc: string, handler: (request: Req, call: ServerUnaryCall<Req, Res>) => Promise<Res>, onError: (err: StatusError, rpc: string) => void) {
  return serveUnaryWith(rpc, handler, onError, toStatusError);
}

export function engineService(manager: EnclaveManager, version: string, log: Logger): engineApi.EngineServiceServer {
  const onError = (err: StatusError, rpc: string) => log.warn({ rpc, code: err.code }, err.message);
  // The engine API version the original clients check (1.8.x), our own version as build metadata.
  const engineVersion = formatEngineVersion(version);
  return {
    getEngineInfo: serveUnary('GetEngineInfo', async () => ({ engineVersion }), onError),
    createEnclave: serveUnary(
      'CreateEnclave',
      async (args: engineApi.CreateEnclaveArgs) => ({ enclaveInfo: await manager.createEnclave(args) }),
      onError,
    ),
    getEnclaves: serveUnary('GetEnclaves', async () => ({ enclaveInfo: await manager.getEnclaves() }), onError),
    stopEnclave: serveUnary(
      'StopEnclave',
      async (args: engineApi.StopEnclaveArgs) => {
        await manager.stopEnclave(args.enclaveId);
        return {};
      },
      onError,
    ),
    destroyEnclave: serveUnary(
      'DestroyEnclave',
      async (args: engineApi.DestroyEnclaveArgs) => {
        await manager.destroyEnclave(args.enclaveId);
        return {};
      },
      onError,
    ),
    clean: serveUnary(
      'Clean',
      async (args: engineApi.CleanArgs) => {
        const removed = await manager.clean(args.shouldCleanAll);
        return { removedEnclaveIds: Object.fromEntries(removed.map((id) => [id, true])) };
      },
      onError,
    ),
  };
}
