// A session of the engine, kept open from a worker thread: while it lives, the enclaves created
// with its ID (KurtosisContext.connect(address, { sessionId })) stay; once its stream ends — the
// process exited or was killed, however — or its heartbeats stop, the engine destroys them after a
// short grace. The stream lives in an unref'd worker so that a main thread blocked for minutes (a
// test's spawnSync) still sends heartbeats, and so that it never keeps a process from exiting.
import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { engineSessionsApi } from '@kurtosis-ts/protos';
import { KurtosisError, StatusCode } from './kurtosis-error';

export interface EngineSessionOptions {
  /** Default: `session-<pid>-<8 hex digits>`. */
  sessionId?: string;
  /** How long after the stream ends the engine destroys the session's enclaves (default 2 s). */
  reapAfterMs?: number;
  heartbeatIntervalMs?: number;
  /** How long the engine waits for a heartbeat before it treats the session as dead (default 60 s). */
  heartbeatTimeoutMs?: number;
  /** How long opening may take (default 10 s). */
  timeoutMs?: number;
}

type WorkerMessage = { type: 'open' } | { type: 'ended'; error?: string; code?: number };

// Plain JavaScript for the worker: it loads grpc-js by path and sends the request bytes the main
// thread encoded, so it needs neither the generated code nor a TypeScript loader.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const grpc = require(workerData.grpcPath);
const client = new grpc.Client(workerData.address, grpc.credentials.createInsecure());
const call = client.makeBidiStreamRequest(workerData.path, (bytes) => Buffer.from(bytes), (bytes) => bytes);
const heartbeat = Buffer.from(workerData.heartbeat);
let opened = false;
let ended = false;
const end = (message) => { if (!ended) { ended = true; clearInterval(timer); parentPort.postMessage(message); client.close(); } };
call.on('data', () => { if (!opened) { opened = true; parentPort.postMessage({ type: 'open' }); } });
call.on('error', (err) => end({ type: 'ended', error: err.details || err.message, code: err.code }));
call.on('end', () => end({ type: 'ended' }));
call.write(heartbeat);
const timer = setInterval(() => call.write(heartbeat), workerData.intervalMs);
parentPort.on('message', (message) => { if (message === 'close') { clearInterval(timer); call.end(); parentPort.close(); } });
`;

export class EngineSession {
  private closing: Promise<void> | undefined;

  private constructor(
    readonly id: string,
    private readonly worker: Worker,
    /** Settles when the engine ended the stream or it broke (with why), or after close(). */
    readonly ended: Promise<string | undefined>,
  ) {}

  static defaultId(): string {
    return `session-${process.pid}-${randomBytes(4).toString('hex')}`;
  }

  /** Opens a session on the engine at host:port; resolves once the engine has it open. */
  static async open(address: string, options: EngineSessionOptions = {}): Promise<EngineSession> {
    const id = options.sessionId ?? EngineSession.defaultId();
    const heartbeat = engineSessionsApi.KeepSessionRequest.encode({
      sessionId: id,
      reapAfterMs: options.reapAfterMs ?? 2_000,
      heartbeatTimeoutMs: options.heartbeatTimeoutMs ?? 60_000,
    }).finish();
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        grpcPath: require.resolve('@grpc/grpc-js'),
        address,
        path: engineSessionsApi.EngineSessionServiceService.keepSession.path,
        heartbeat,
        intervalMs: options.heartbeatIntervalMs ?? 1_000,
      },
    });
    let resolveEnded: (why: string | undefined) => void = () => undefined;
    const ended = new Promise<string | undefined>((resolve) => (resolveEnded = resolve));
    const opened = new Promise<void>((resolve, reject) => {
      const timeoutMs = options.timeoutMs ?? 10_000;
      const timer = setTimeout(() => reject(new KurtosisError(StatusCode.DEADLINE_EXCEEDED, `Opening session '${id}' on the engine at ${address}: no answer within ${timeoutMs} ms`)), timeoutMs);
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'open') {
          clearTimeout(timer);
          resolve();
        } else {
          clearTimeout(timer);
          const why = message.error ? `${message.error}` : 'the engine ended it';
          resolveEnded(why);
          reject(new KurtosisError(message.code ?? StatusCode.UNAVAILABLE, `Opening session '${id}' on the engine at ${address}: ${why}`));
        }
      });
      worker.on('error', (err) => {
        clearTimeout(timer);
        resolveEnded(err.message);
        reject(new KurtosisError(StatusCode.INTERNAL, `Opening session '${id}': ${err.message}`, { cause: err }));
      });
      worker.on('exit', () => resolveEnded(undefined));
    });
    try {
      await opened;
    } catch (err) {
      await worker.terminate();
      throw err;
    }
    // Never keeps the process alive: when it exits, the stream ends and the engine reaps.
    worker.unref();
    return new EngineSession(id, worker, ended);
  }

  /** Ends the session: the engine destroys whatever enclaves of it remain after the grace. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.worker.postMessage('close');
      const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
      const timeout = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), 2_000).unref());
      if ((await Promise.race([exited, timeout])) === 'late') await this.worker.terminate();
    })();
    return this.closing;
  }
}
