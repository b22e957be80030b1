// The API container's side of a module's ExecutableModuleService, reached inside the enclave network.
// A module is other people's code: whatever it answers, an Execute gets a bounded answer promptly
// (answer-watch.ts says how an answer too large for HTTP/2 is noticed).
import { credentials, Metadata, status } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import { boundMessage, legacyModuleApi, MAX_STATUS_MESSAGE_BYTES, moduleApi, quote, StatusError } from '@kurtosis-ts/protos';
import { watchAnswer } from './answer-watch';
import type { ConnectionProbes, ProbeOutcome } from './answer-watch';

type Client = moduleApi.ExecutableModuleServiceClient;

const CHANNEL_OPTIONS = {
  // A module that is still starting refuses connections; reconnect quickly instead of grpc-js's
  // default one-second backoff, which would dominate LoadModule's time.
  'grpc.initial_reconnect_backoff_ms': 50,
  'grpc.min_reconnect_backoff_ms': 50,
  'grpc.max_reconnect_backoff_ms': 250,
  // Each client gets a connection of its own: grpc-js otherwise shares one among channels of the
  // same address, so neither a fresh probe nor a replacement for a lost connection would be new.
  'grpc.use_local_subchannel_pool': 1,
};

function newClient(address: string, legacy: boolean): Client {
  const Constructor = legacy ? legacyModuleApi.ExecutableModuleServiceClient : moduleApi.ExecutableModuleServiceClient;
  return new Constructor(address, credentials.createInsecure(), CHANNEL_OPTIONS);
}

/** The answer of an Execute whose connection stopped carrying answers (see answer-watch.ts). */
export class LostAnswerError extends Error {
  readonly code = status.RESOURCE_EXHAUSTED;
  readonly details =
    'its answer never reached the API container: the connection stopped carrying answers while the module still ' +
    'answered on a new one (an error message or metadata larger than HTTP/2 headers can carry, 64 KiB, does that)';

  constructor() {
    super('');
    this.message = this.details;
    this.name = 'LostAnswerError';
  }
}

function probe(client: Client, timeoutMs: number): Promise<ProbeOutcome> {
  return new Promise((resolve) =>
    client.isAvailable({}, new Metadata(), { deadline: Date.now() + timeoutMs }, (err) =>
      resolve(!err ? 'answered' : err.code === status.DEADLINE_EXCEEDED ? 'timed-out' : 'failed'),
    ),
  );
}

export class ModuleClient {
  private legacy = false;

  private constructor(
    private readonly address: string,
    private client: Client,
  ) {}

  static connect(address: string): ModuleClient {
    return new ModuleClient(address, newClient(address, false));
  }

  /**
   * Resolves once the module answers IsAvailable. A module built before December 2021 serves the
   * service under its older package name and answers UNIMPLEMENTED here: it is then spoken to under
   * that name from then on.
   */
  async waitUntilAvailable(address: string, deadline: number): Promise<void> {
    try {
      await this.isAvailable(deadline);
    } catch (err) {
      if ((err as ServiceError).code !== status.UNIMPLEMENTED) throw err;
      this.client.close();
      this.legacy = true;
      this.client = newClient(address, true);
      await this.isAvailable(deadline);
    }
  }

  /**
   * The module's result, or its error. No deadline (a module may legitimately work for long), but
   * an answer lost on the way fails the call within seconds with LostAnswerError, and the connection
   * is replaced so later calls work.
   */
  execute(paramsJson: string, signal?: AbortSignal): Promise<string> {
    const client = this.client;
    return new Promise((resolve, reject) => {
      const call = client.execute({ paramsJson }, new Metadata(), {}, (err, response) => {
        watch.stop();
        if (err) reject(err);
        else resolve(response.responseJson);
      });
      const watch = watchAnswer(this.probesOf(client), () => {
        this.replaceConnection(client);
        reject(new LostAnswerError());
        call.cancel();
      });
      signal?.addEventListener('abort', () => call.cancel(), { once: true });
    });
  }

  close(): void {
    this.client.close();
  }

  private probesOf(client: Client): ConnectionProbes {
    return {
      current: (timeoutMs) => probe(client, timeoutMs),
      fresh: async (timeoutMs) => {
        const fresh = newClient(this.address, this.legacy);
        try {
          return await probe(fresh, timeoutMs);
        } finally {
          fresh.close();
        }
      },
    };
  }

  /** Once per lost connection, whichever of its calls noticed first. */
  private replaceConnection(lost: Client): void {
    if (this.client !== lost) return;
    this.client = newClient(this.address, this.legacy);
    lost.close();
  }

  private isAvailable(deadline: number): Promise<void> {
    return new Promise((resolve, reject) =>
      this.client.isAvailable({}, new Metadata({ waitForReady: true }), { deadline }, (err) => (err ? reject(err) : resolve())),
    );
  }
}

/**
 * A module's own error, passed on with its status code and message, naming the module. The module's
 * message is its own text of any length: it is cut so that the whole message stays within a status.
 */
export function moduleExecutionError(moduleId: string, err: unknown): StatusError {
  const e = err as ServiceError;
  const bounded = (prefix: string, text: string) =>
    new StatusError(typeof e?.code === 'number' ? e.code : status.INTERNAL, `${prefix}${boundMessage(text, MAX_STATUS_MESSAGE_BYTES - Buffer.byteLength(prefix, 'utf8'))}`, {
      cause: err,
    });
  if (typeof e?.code === 'number') {
    return bounded(`Module ${quote(moduleId)} ${e.code === status.UNAVAILABLE ? 'cannot be reached' : 'failed'}: `, String(e.details ?? ''));
  }
  return bounded(`Module ${quote(moduleId)} failed: `, (err as Error)?.message ?? String(err));
}
