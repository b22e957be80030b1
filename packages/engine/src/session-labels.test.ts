// Session labels against the in-memory backend: a call's session reaches the enclave it creates,
// and calls naming a malformed or unknown session are refused before they do anything.
import { Metadata, status } from '@grpc/grpc-js';
import type { ServerUnaryCall, ServiceError, UntypedServiceImplementation } from '@grpc/grpc-js';
import { parseId } from '@kurtosis-ts/domain';
import { InMemoryKurtosisBackend } from '@kurtosis-ts/container-backend/testing';
import { SESSION_METADATA_KEY, SessionLabels, sessionIdOf } from './session-labels';

function metadataWith(sessionId?: string): Metadata {
  const metadata = new Metadata();
  if (sessionId !== undefined) metadata.set(SESSION_METADATA_KEY, sessionId);
  return metadata;
}

/** Calls one tagged unary handler as grpc-js would, answering with its error or response. */
function call(implementation: UntypedServiceImplementation, name: string, sessionId?: string): Promise<{ err: ServiceError | null; response: unknown }> {
  return new Promise((resolve) => {
    const handler = implementation[name] as (call: ServerUnaryCall<unknown, unknown>, callback: (err: ServiceError | null, response: unknown) => void) => void;
    handler({ metadata: metadataWith(sessionId), request: {} } as ServerUnaryCall<unknown, unknown>, (err, response) => resolve({ err, response }));
  });
}

describe('sessionIdOf', () => {
  it('reads the session from the metadata, "" without one, and refuses a malformed one', () => {
    expect(sessionIdOf(metadataWith('run_1.a'))).toEqual({ sessionId: 'run_1.a' });
    expect(sessionIdOf(metadataWith())).toEqual({ sessionId: '' });
    expect(sessionIdOf(metadataWith('a/b'))).toEqual({ problem: expect.stringContaining(`metadata ${SESSION_METADATA_KEY}`) });
  });
});

describe('SessionLabels', () => {
  const open = new Set(['run-1']);
  const labels = new SessionLabels((id) => open.has(id));
  let backend: InMemoryKurtosisBackend;

  beforeEach(() => {
    backend = new InMemoryKurtosisBackend();
  });

  it('labels what the backend creates during a call with the call’s session, and nothing outside a call', async () => {
    const labelled = labels.labelling(backend);
    const service = labels.tagCalls({
      createEnclave: (_call: ServerUnaryCall<unknown, unknown>, callback: (err: null, response: unknown) => void) => {
        void labelled.createEnclave(parseId('enclave', 'in-session'), { isPartitioningEnabled: false }).then((e) => callback(null, e.id));
      },
      createOther: (_call: ServerUnaryCall<unknown, unknown>, callback: (err: null, response: unknown) => void) => {
        void labelled.createEnclave(parseId('enclave', 'no-session'), { isPartitioningEnabled: false }).then((e) => callback(null, e.id));
      },
    });
    expect(await call(service, 'createEnclave', 'run-1')).toEqual({ err: null, response: 'in-session' });
    expect(await call(service, 'createOther')).toEqual({ err: null, response: 'no-session' });
    await labelled.createEnclave(parseId('enclave', 'outside-a-call'), { isPartitioningEnabled: false });
    const sessionOf = Object.fromEntries((await backend.getEnclaves()).map((e) => [e.id, e.sessionId]));
    expect(sessionOf).toEqual({ 'in-session': 'run-1', 'no-session': '', 'outside-a-call': '' });
    // Everything else of the backend is the backend's own.
    expect(await labelled.getEnclaves()).toHaveLength(3);
  });

  it('refuses a malformed session (INVALID_ARGUMENT) and one not open here (FAILED_PRECONDITION) before the handler runs', async () => {
    const handler = jest.fn();
    const service = labels.tagCalls({ createEnclave: handler });
    const malformed = await call(service, 'createEnclave', 'a b');
    expect(malformed.err?.code).toBe(status.INVALID_ARGUMENT);
    const unknown = await call(service, 'createEnclave', 'run-2');
    expect(unknown.err).toMatchObject({ code: status.FAILED_PRECONDITION, details: expect.stringContaining("Session 'run-2' is not open") });
    expect(handler).not.toHaveBeenCalled();
    expect(await backend.getEnclaves()).toEqual([]);
  });
});
