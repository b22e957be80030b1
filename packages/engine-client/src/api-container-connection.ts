// The channel to an enclave's API container, and what happens when it breaks. A restarted API
// container (killed and brought back by the engine, or by Docker) gets a new host port. When a
// connection has a locator — it came from the engine, through KurtosisContext — a call that fails
// UNAVAILABLE asks the engine where the API container answers now (waiting, bounded, while it is not
// running), reconnects there, and is made once more. Without one (a module's connection, by its
// private address) a failed call simply fails.
import { credentials } from '@grpc/grpc-js';
import type { ChannelOptions, Client } from '@grpc/grpc-js';
import { apiContainerApi, enclaveViewApi, serviceConfigApi, serviceLifecycleApi } from '@kurtosis-ts/protos';
import { KurtosisError, StatusCode } from './kurtosis-error';

export interface ApiContainerClients {
  api: apiContainerApi.ApiContainerServiceClient;
  /** Our extension service, on the same channel. */
  lifecycle: serviceLifecycleApi.ServiceLifecycleServiceClient;
  /** Our view of the enclave (overview, logs, exec with separate streams, dump), on the same channel. */
  view: enclaveViewApi.EnclaveViewServiceClient;
  /** Services' configurations read back and replaced, on the same channel. */
  config: serviceConfigApi.ServiceConfigServiceClient;
}

/** Where the API container answers now, or why there is no such place yet. */
export type ApiContainerLocation = { address: string } | { waiting: string };

/** Asks the engine; rejects when the API container will not come back (the enclave is gone). */
export type ApiContainerLocator = () => Promise<ApiContainerLocation>;

export interface RelocationSettings {
  /** How long to wait for the API container to run and answer again (default 30 s). */
  timeoutMs: number;
  /** Between two questions to the engine while the API container is not back. */
  pollMs: number;
  /** How long one reconnect may take to get a ready channel before the engine is asked again. */
  readyTimeoutMs: number;
}

const DEFAULT_RELOCATION: RelocationSettings = { timeoutMs: 30_000, pollMs: 250, readyTimeoutMs: 2_000 };

// A restarted API container should be found within a fraction of a second, not after grpc-js's
// default reconnect backoff (1 s, growing to 2 min).
const RELOCATABLE_CHANNEL_OPTIONS: ChannelOptions = { 'grpc.initial_reconnect_backoff_ms': 100, 'grpc.max_reconnect_backoff_ms': 1_000 };

function connect(address: string, options: ChannelOptions): ApiContainerClients {
  const api = new apiContainerApi.ApiContainerServiceClient(address, credentials.createInsecure(), options);
  const lifecycle = new serviceLifecycleApi.ServiceLifecycleServiceClient('unused', credentials.createInsecure(), { channelOverride: api.getChannel() });
  const view = new enclaveViewApi.EnclaveViewServiceClient('unused', credentials.createInsecure(), { channelOverride: api.getChannel() });
  const config = new serviceConfigApi.ServiceConfigServiceClient('unused', credentials.createInsecure(), { channelOverride: api.getChannel() });
  return { api, lifecycle, view, config };
}

function waitUntilReady(client: Client, deadline: number): Promise<boolean> {
  return new Promise((resolve) => client.waitForReady(deadline, (err) => resolve(!err)));
}

export class ApiContainerConnection {
  private clients: ApiContainerClients;
  private address: string;
  /** Clients replaced by a reconnect: calls may still be running on them, so they close with this connection. */
  private readonly retired: ApiContainerClients[] = [];
  private relocation: Promise<void> | undefined;

  constructor(
    address: string,
    private readonly locator?: ApiContainerLocator,
    private readonly relocationSettings: RelocationSettings = DEFAULT_RELOCATION,
  ) {
    this.address = address;
    this.clients = connect(address, locator ? RELOCATABLE_CHANNEL_OPTIONS : {});
  }

  /** host:port of the API container this connection talks to now. */
  get currentAddress(): string {
    return this.address;
  }

  /** Makes `call` on the current clients; on UNAVAILABLE, with a locator, reconnects and makes it once more. */
  async call<T>(call: (clients: ApiContainerClients) => Promise<T>): Promise<T> {
    const used = this.clients;
    try {
      return await call(used);
    } catch (err) {
      if (!this.locator || !(err instanceof KurtosisError) || err.code !== StatusCode.UNAVAILABLE) throw err;
      try {
        await this.relocate(used);
      } catch (relocateErr) {
        throw new KurtosisError(StatusCode.UNAVAILABLE, `${err.message} (and it did not come back: ${(relocateErr as Error).message})`, { cause: err });
      }
      return call(this.clients);
    }
  }

  close(): void {
    for (const clients of [this.clients, ...this.retired]) {
      clients.view.close();
      clients.config.close();
      clients.lifecycle.close();
      clients.api.close();
    }
  }

  /** One relocation at a time; calls that failed on clients already replaced just use the new ones. */
  private async relocate(failed: ApiContainerClients): Promise<void> {
    if (!this.relocation && this.clients !== failed) return;
    this.relocation ??= this.findApiContainer().finally(() => (this.relocation = undefined));
    await this.relocation;
  }

  private async findApiContainer(): Promise<void> {
    const { timeoutMs, pollMs, readyTimeoutMs } = this.relocationSettings;
    const locator = this.locator as ApiContainerLocator;
    const deadline = Date.now() + timeoutMs;
    let why = 'the engine was not asked yet';
    while (Date.now() < deadline) {
      const location = await locator();
      if ('address' in location) {
        // Always a fresh channel: the old one may sit in its reconnect backoff even when the port is the same.
        const fresh = connect(location.address, RELOCATABLE_CHANNEL_OPTIONS);
        if (await waitUntilReady(fresh.api, Math.min(deadline, Date.now() + readyTimeoutMs))) {
          this.retired.push(this.clients);
          this.clients = fresh;
          this.address = location.address;
          return;
        }
        fresh.view.close();
        fresh.config.close();
        fresh.lifecycle.close();
        fresh.api.close();
        why = `its API container at ${location.address} does not answer`;
      } else {
        why = location.waiting;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(pollMs, deadline - Date.now()))));
    }
    const within = timeoutMs >= 1_000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`;
    throw new KurtosisError(StatusCode.UNAVAILABLE, `not within ${within}; ${why}`);
  }
}
