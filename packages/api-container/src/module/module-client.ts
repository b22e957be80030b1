// The API container's side of a module's ExecutableModuleService, reached inside the enclave network.
import { credentials, Metadata, status } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import { legacyModuleApi, moduleApi, StatusError } from '@kurtosis-ts/protos';

type Client = moduleApi.ExecutableModuleServiceClient;

// A module that is still starting refuses connections; reconnect quickly instead of grpc-js's
// default one-second backoff, which would dominate LoadModule's time.
const CHANNEL_OPTIONS = {
  'grpc.initial_reconnect_backoff_ms': 50,
  'grpc.min_reconnect_backoff_ms': 50,
  'grpc.max_reconnect_backoff_ms': 250,
};

export class ModuleClient {
  private constructor(private client: Client) {}

  static connect(address: string): ModuleClient {
    return new ModuleClient(new moduleApi.ExecutableModuleServiceClient(address, credentials.createInsecure(), CHANNEL_OPTIONS));
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
      this.client = new legacyModuleApi.ExecutableModuleServiceClient(address, credentials.createInsecure(), CHANNEL_OPTIONS);
      await this.isAvailable(deadline);
    }
  }

  execute(paramsJson: string, signal?: AbortSignal): Promise<string> {
    return new Promise((resolve, reject) => {
      const call = this.client.execute({ paramsJson }, new Metadata(), {}, (err, response) =>
        err ? reject(err) : resolve(response.responseJson),
      );
      signal?.addEventListener('abort', () => call.cancel(), { once: true });
    });
  }

  close(): void {
    this.client.close();
  }

  private isAvailable(deadline: number): Promise<void> {
    return new Promise((resolve, reject) =>
      this.client.isAvailable({}, new Metadata({ waitForReady: true }), { deadline }, (err) => (err ? reject(err) : resolve())),
    );
  }
}

/** A module's own error, passed on with its status code and message, naming the module. */
export function moduleExecutionError(moduleId: string, err: unknown): StatusError {
  const e = err as ServiceError;
  if (typeof e?.code === 'number') {
    const reason = e.code === status.UNAVAILABLE ? `cannot be reached: ${e.details}` : `failed: ${e.details}`;
    return new StatusError(e.code, `Module '${moduleId}' ${reason}`, { cause: err });
  }
  return new StatusError(status.INTERNAL, `Module '${moduleId}' failed: ${(err as Error)?.message ?? String(err)}`, { cause: err });
}
