import { status } from '@grpc/grpc-js';
import type { sendUnaryData, ServerUnaryCall, ServiceError, UntypedServiceImplementation } from '@grpc/grpc-js';
import pino from 'pino';
import { guardService } from './caller-guard';
import { CallerPolicy } from './caller-policy';

const policy = new CallerPolicy({ hostClientIp: '172.16.0.1', moduleIps: () => [], externalContainerIps: () => [] });
const log = pino({ level: 'silent' });

function callFrom(peer: string): ServerUnaryCall<unknown, unknown> {
  return { getPeer: () => peer, request: {} } as unknown as ServerUnaryCall<unknown, unknown>;
}

describe('guardService', () => {
  const served: string[] = [];
  const implementation: UntypedServiceImplementation = {
    registerService: (_call: ServerUnaryCall<unknown, unknown>, cb: sendUnaryData<unknown>) => {
      served.push('registerService');
      cb(null, { ok: true });
    },
    getServices: (_call: ServerUnaryCall<unknown, unknown>, cb: sendUnaryData<unknown>) => {
      served.push('getServices');
      cb(null, {});
    },
  };
  const guarded = guardService(implementation, policy, log) as Record<string, (call: ServerUnaryCall<unknown, unknown>, cb: (e: ServiceError | null, r: unknown) => void) => void>;

  beforeEach(() => served.splice(0));

  it('guards every method of the service', () => {
    expect(Object.keys(guarded).sort()).toEqual(['getServices', 'registerService']);
  });

  it('serves an allowed caller', () => {
    const answers: unknown[] = [];
    guarded['registerService'](callFrom('172.16.0.1:4000'), (err, res) => answers.push(err ?? res));
    expect(served).toEqual(['registerService']);
    expect(answers).toEqual([{ ok: true }]);
  });

  it('answers PERMISSION_DENIED without running the handler for anyone else', () => {
    const errors: (ServiceError | null)[] = [];
    guarded['getServices'](callFrom('172.16.0.8:4000'), (err) => errors.push(err));
    expect(served).toEqual([]);
    expect(errors[0]?.code).toBe(status.PERMISSION_DENIED);
    expect(errors[0]?.details).toContain('GetServices refused for caller 172.16.0.8:4000');
  });
});
