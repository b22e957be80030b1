// ModuleClient against in-process module servers that answer the way a hostile module would. The
// servers listen on 127.0.0.1 only.
import { Metadata, Server, ServerCredentials, status } from '@grpc/grpc-js';
import type { sendUnaryData, ServerUnaryCall, ServiceError } from '@grpc/grpc-js';
import { legacyModuleApi, MAX_STATUS_MESSAGE_BYTES, moduleApi } from '@kurtosis-ts/protos';
import { LostAnswerError, ModuleClient, moduleExecutionError } from './module-client';

type Answer = (paramsJson: string, cb: sendUnaryData<moduleApi.ExecuteResponse>) => void;

const KIB = 1024;

/** Execute params choose the answer; IsAvailable answers at once unless `holdProbes` is set. */
const ANSWERS: Record<string, Answer> = {
  ok: (params, cb) => cb(null, { responseJson: `{"echo":${JSON.stringify(params)}}` }),
  'big-error': (_p, cb) => cb({ code: status.INVALID_ARGUMENT, details: 'x'.repeat(100 * KIB) }),
  'big-metadata': (_p, cb) => {
    const metadata = new Metadata();
    metadata.set('x-junk', 'y'.repeat(100 * KIB));
    cb({ code: status.INTERNAL, details: 'short', metadata });
  },
  'many-metadata': (_p, cb) => {
    const metadata = new Metadata();
    for (let i = 0; i < 1000; i++) metadata.set(`x-junk-${i}`, 'z');
    cb({ code: status.INTERNAL, details: 'short', metadata });
  },
  'big-result': (_p, cb) => cb(null, { responseJson: 'r'.repeat(5 * KIB * KIB) }),
  'long-error': (_p, cb) => cb({ code: status.FAILED_PRECONDITION, details: 'e'.repeat(40 * KIB) }),
  slow: (_p, cb) => void setTimeout(() => cb(null, { responseJson: '"slow"' }), 2_500),
};

interface TestModule {
  address: string;
  /** While set, IsAvailable is answered only when released: a module too busy to answer anything. */
  holdProbes: boolean;
  stop(): Promise<void>;
}

async function startModule(legacy = false): Promise<TestModule> {
  const server = new Server();
  const held: (() => void)[] = [];
  const module: TestModule = {
    address: '',
    holdProbes: false,
    stop: () => new Promise((resolve) => server.tryShutdown(() => resolve())),
  };
  const implementation = {
    isAvailable: (_c: ServerUnaryCall<unknown, unknown>, cb: sendUnaryData<unknown>) => {
      if (module.holdProbes) held.push(() => cb(null, {}));
      else cb(null, {});
    },
    execute: (c: ServerUnaryCall<moduleApi.ExecuteArgs, moduleApi.ExecuteResponse>, cb: sendUnaryData<moduleApi.ExecuteResponse>) => {
      const [answer, busyMs] = c.request.paramsJson.split(':');
      if (busyMs) {
        // Busy as a module blocking its event loop would be: nothing is answered until it is done.
        module.holdProbes = true;
        setTimeout(() => {
          module.holdProbes = false;
          held.splice(0).forEach((release) => release());
          ANSWERS[answer](c.request.paramsJson, cb);
        }, Number(busyMs));
        return;
      }
      ANSWERS[answer](c.request.paramsJson, cb);
    },
  };
  server.addService(legacy ? legacyModuleApi.ExecutableModuleServiceService : moduleApi.ExecutableModuleServiceService, implementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  module.address = `127.0.0.1:${port}`;
  return module;
}

async function outcome(promise: Promise<string>): Promise<{ ms: number; result?: string; code?: number; details?: string }> {
  const started = Date.now();
  try {
    const result = await promise;
    return { ms: Date.now() - started, result };
  } catch (err) {
    const e = err as ServiceError;
    return { ms: Date.now() - started, code: e.code, details: e.details };
  }
}

describe('ModuleClient', () => {
  let module: TestModule;
  let client: ModuleClient;

  beforeEach(async () => {
    module = await startModule();
    client = ModuleClient.connect(module.address);
    await client.waitUntilAvailable(module.address, Date.now() + 5_000);
  });

  afterEach(async () => {
    client.close();
    await module.stop();
  });

  it('passes a result through', async () => {
    expect(await client.execute('ok')).toBe('{"echo":"ok"}');
  });

  it.each(['big-error', 'big-metadata'])(
    'answers a %s that HTTP/2 cannot carry within seconds, and the next call works',
    async (answer) => {
      const lost = await outcome(client.execute(answer));
      expect(lost.code).toBe(status.RESOURCE_EXHAUSTED);
      expect(lost.details).toBe(new LostAnswerError().details);
      expect(lost.ms).toBeLessThan(4_000);
      expect(await client.execute('ok')).toBe('{"echo":"ok"}');
    },
    15_000,
  );

  it('answers too many metadata entries, a result above 4 MiB and a 40 KiB error at once, with a bounded error', async () => {
    for (const answer of ['many-metadata', 'big-result', 'long-error']) {
      const refused = await outcome(client.execute(answer));
      expect(refused.ms).toBeLessThan(1_000);
      expect(refused.code).toBeGreaterThan(0);
      expect(Buffer.byteLength(moduleExecutionError('m', refused).message)).toBeLessThanOrEqual(MAX_STATUS_MESSAGE_BYTES);
      expect(await client.execute('ok')).toBe('{"echo":"ok"}');
    }
  });

  it('waits for a slow module that still answers, and for one too busy to answer anything', async () => {
    expect(await client.execute('slow')).toBe('"slow"');
    const busy = await outcome(client.execute('ok:3000'));
    expect(busy.result).toBe('{"echo":"ok:3000"}');
    expect(busy.ms).toBeGreaterThanOrEqual(3_000);
  }, 15_000);

  it('watches a module spoken to under the pre-December-2021 name the same way', async () => {
    const legacy = await startModule(true);
    const legacyClient = ModuleClient.connect(legacy.address);
    try {
      await legacyClient.waitUntilAvailable(legacy.address, Date.now() + 5_000);
      expect((await outcome(legacyClient.execute('big-error'))).code).toBe(status.RESOURCE_EXHAUSTED);
      expect(await legacyClient.execute('ok')).toBe('{"echo":"ok"}');
    } finally {
      legacyClient.close();
      await legacy.stop();
    }
  }, 15_000);

  it('cancels the module call when the caller cancels', async () => {
    const cancellation = new AbortController();
    const call = outcome(client.execute('slow', cancellation.signal));
    cancellation.abort();
    expect((await call).code).toBe(status.CANCELLED);
  });
});

describe('moduleExecutionError', () => {
  it('names the module and keeps its code and a message cut to a status', () => {
    const err = moduleExecutionError('m', { code: status.FAILED_PRECONDITION, details: 'e'.repeat(40 * KIB) });
    expect(err.code).toBe(status.FAILED_PRECONDITION);
    expect(err.message.startsWith("Module 'm' failed: eee")).toBe(true);
    expect(Buffer.byteLength(err.message)).toBeLessThanOrEqual(MAX_STATUS_MESSAGE_BYTES);
    expect(err.message).toContain('message cut');
  });

  it('says a module cannot be reached, and makes anything else INTERNAL', () => {
    expect(moduleExecutionError('m', { code: status.UNAVAILABLE, details: 'refused' }).message).toBe("Module 'm' cannot be reached: refused");
    const other = moduleExecutionError('m', new Error('boom'));
    expect([other.code, other.message]).toEqual([status.INTERNAL, "Module 'm' failed: boom"]);
  });
});
