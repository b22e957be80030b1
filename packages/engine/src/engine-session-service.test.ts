// EngineSessionService over a real socket (127.0.0.1), with the reaper on the in-memory backend: a
// KeepSession stream opens its session with the first heartbeat (answered with the bounded
// settings), its end starts the grace, and ListSessions names each session's enclaves.
import { credentials, Server, ServerCredentials, status } from '@grpc/grpc-js';
import type { ClientDuplexStream, ServiceError } from '@grpc/grpc-js';
import { DomainError, parseId } from '@kurtosis-ts/domain';
import { InMemoryKurtosisBackend } from '@kurtosis-ts/container-backend/testing';
import { engineSessionsApi } from '@kurtosis-ts/protos';
import pino from 'pino';
import { engineSessionService } from './engine-session-service';
import { SessionReaper } from './session-reaper';

type Stream = ClientDuplexStream<engineSessionsApi.KeepSessionRequest, engineSessionsApi.KeepSessionResponse>;

async function eventually(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function firstAnswer(stream: Stream): Promise<engineSessionsApi.KeepSessionResponse> {
  return new Promise((resolve, reject) => {
    stream.once('data', resolve);
    stream.once('error', reject);
  });
}

describe('engineSessionService', () => {
  let backend: InMemoryKurtosisBackend;
  let reaper: SessionReaper;
  let server: Server;
  let client: engineSessionsApi.EngineSessionServiceClient;

  beforeEach(async () => {
    backend = new InMemoryKurtosisBackend();
    const log = pino({ level: 'silent' });
    reaper = new SessionReaper({ backend, engineGuid: 'own', log, destroyEnclave: (id) => backend.destroyEnclave(id) });
    server = new Server();
    server.addService(engineSessionsApi.EngineSessionServiceService, engineSessionService(reaper, backend, log));
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    client = new engineSessionsApi.EngineSessionServiceClient(`127.0.0.1:${port}`, credentials.createInsecure());
  });

  afterEach(() => {
    client.close();
    server.forceShutdown();
  });

  const listSessions = () =>
    new Promise<engineSessionsApi.ListSessionsResponse>((resolve, reject) => client.listSessions({}, (err, response) => (err ? reject(err) : resolve(response))));

  it('opens the session named in the first heartbeat, answering the bounded settings, and lists it with its enclaves', async () => {
    const stream: Stream = client.keepSession();
    const answered = firstAnswer(stream);
    stream.write({ sessionId: 'run_1.a', reapAfterMs: 1e9, heartbeatTimeoutMs: 0 });
    expect(await answered).toEqual({ sessionId: 'run_1.a', reapAfterMs: 600_000, heartbeatTimeoutMs: 60_000 });
    expect(reaper.isOpen('run_1.a')).toBe(true);
    await backend.createEnclave(parseId('enclave', 'b'), { isPartitioningEnabled: false, sessionId: 'run_1.a' });
    await backend.createEnclave(parseId('enclave', 'a'), { isPartitioningEnabled: false, sessionId: 'run_1.a' });
    await backend.createEnclave(parseId('enclave', 'other'), { isPartitioningEnabled: false });
    expect(await listSessions()).toEqual({ sessions: [{ sessionId: 'run_1.a', connected: true, enclaveIds: ['a', 'b'] }] });

    stream.end();
    await eventually(() => reaper.list()[0]?.connected === false, 'the disconnect');
    expect((await listSessions()).sessions).toEqual([{ sessionId: 'run_1.a', connected: false, enclaveIds: ['a', 'b'] }]);
  });

  it('refuses a malformed session ID with INVALID_ARGUMENT, opening nothing', async () => {
    const stream: Stream = client.keepSession();
    const failed = new Promise<ServiceError>((resolve) => stream.on('error', resolve));
    stream.on('data', () => undefined);
    stream.write({ sessionId: 'a/b', reapAfterMs: 0, heartbeatTimeoutMs: 0 });
    expect((await failed).code).toBe(status.INVALID_ARGUMENT);
    expect(reaper.list()).toEqual([]);
  });

  it('answers ListSessions UNAVAILABLE when the platform does not answer', async () => {
    backend.failNext('getEnclaves', new DomainError('unavailable', 'Docker is down'));
    await expect(listSessions()).rejects.toMatchObject({ code: status.UNAVAILABLE });
  });
});
