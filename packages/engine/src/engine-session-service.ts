// kurtosis_ts.engine_sessions.v1.EngineSessionService: a client keeps a session open with a stream of
// heartbeats; the SessionReaper destroys the enclaves of sessions that end.
import type { ServerDuplexStream } from '@grpc/grpc-js';
import type { EngineBackend } from '@kurtosis-ts/container-backend';
import { engineSessionsApi, invalidArgument, serveUnary } from '@kurtosis-ts/protos';
import type { Logger } from 'pino';
import { toStatusError } from './grpc/to-status-error';
import { boundedSetting, explainInvalidSessionId, SESSION_BOUNDS } from './session-reap-plan';
import type { SessionReaper } from './session-reaper';

export function engineSessionService(reaper: SessionReaper, backend: EngineBackend, log: Logger): engineSessionsApi.EngineSessionServiceServer {
  return {
    keepSession: (call: ServerDuplexStream<engineSessionsApi.KeepSessionRequest, engineSessionsApi.KeepSessionResponse>) => {
      let sessionId: string | undefined;
      call.on('data', (request: engineSessionsApi.KeepSessionRequest) => {
        if (sessionId !== undefined) return reaper.heartbeat(sessionId, call);
        const problem = explainInvalidSessionId(request.sessionId);
        if (problem) return call.emit('error', invalidArgument(`KeepSession: ${problem}`).toServiceError());
        sessionId = request.sessionId;
        const settings = {
          reapAfterMs: boundedSetting(request.reapAfterMs, SESSION_BOUNDS.reapAfterMs),
          heartbeatTimeoutMs: boundedSetting(request.heartbeatTimeoutMs, SESSION_BOUNDS.heartbeatTimeoutMs),
        };
        reaper.open(sessionId, call, settings);
        call.write({ sessionId, ...settings });
      });
      const ended = () => {
        if (sessionId !== undefined) reaper.disconnect(sessionId, call);
      };
      call.on('end', () => {
        ended();
        call.end();
      });
      call.on('cancelled', ended);
      call.on('error', ended);
      call.on('close', ended);
    },
    listSessions: serveUnary(
      'ListSessions',
      async () => {
        const enclaves = await backend.getEnclaves();
        return {
          sessions: reaper.list().map((s) => ({
            ...s,
            enclaveIds: enclaves.filter((e) => e.sessionId === s.sessionId).map((e) => e.id).sort(),
          })),
        };
      },
      (err, rpc) => log.warn({ rpc, code: err.code }, err.message),
      toStatusError,
    ),
  };
}
