// Runs the real engine image as a container, the way the CLI will, but published on an ephemeral
// loopback port so tests never collide with a user's engine on 9710.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { credentials } from '@grpc/grpc-js';
import { DockerKurtosisBackend } from '@kurtosis-ts/container-backend';
import type { ObjectRef } from '@kurtosis-ts/container-backend';
import type { EngineGuid } from '@kurtosis-ts/domain';
import { apiContainerApi, engineApi, formatEngineVersion, SERVER_READY_MARKER } from '@kurtosis-ts/protos';
import { promiseClient } from './promise-client';
import { workspaceRoot } from './workspace-root';
import type { PromiseClient } from './promise-client';

// The engine image under test is the one `nx build` tagged with the engine's package version. Read
// as a file, not imported: the kit uses the engine's image, not its code.
const ENGINE_PACKAGE_JSON = path.join(workspaceRoot(), 'packages/engine/package.json');
export const KURTOSIS_VERSION: string = (JSON.parse(readFileSync(ENGINE_PACKAGE_JSON, 'utf8')) as { version: string }).version;
export const ENGINE_IMAGE = `kurtosis-ts/engine:${KURTOSIS_VERSION}`;
/** What the engine answers in GetEngineInfo: the engine API version, our version as build metadata. */
export const REPORTED_ENGINE_VERSION = formatEngineVersion(KURTOSIS_VERSION);

export type EngineClient = PromiseClient<engineApi.EngineServiceClient>;
export type ApiContainerClient = PromiseClient<apiContainerApi.ApiContainerServiceClient>;

export const backend = new DockerKurtosisBackend();

export function engineClient(port: number): EngineClient {
  return promiseClient(new engineApi.EngineServiceClient(`127.0.0.1:${port}`, credentials.createInsecure()));
}

export function apiContainerClient(port: number): ApiContainerClient {
  return promiseClient(new apiContainerApi.ApiContainerServiceClient(`127.0.0.1:${port}`, credentials.createInsecure()));
}

export class EngineContainer {
  private constructor(
    readonly guid: EngineGuid,
    /** Its Docker container ID, for tests that act on it with `docker` directly. */
    readonly containerId: string,
    public port: number,
    public client: EngineClient,
  ) {}

  get ref(): ObjectRef {
    return { kind: 'engine', guid: this.guid };
  }

  static async start(): Promise<EngineContainer> {
    const engine = await backend.createEngine({ image: ENGINE_IMAGE, version: KURTOSIS_VERSION, hostPort: 0 });
    try {
      await backend.waitForOutput({ kind: 'engine', guid: engine.guid }, SERVER_READY_MARKER, 30_000);
      const port = await EngineContainer.hostPort(engine.guid);
      const containerId = execFileSync('docker', ['inspect', '-f', '{{.Id}}', engine.guid], { encoding: 'utf8' }).trim();
      return new EngineContainer(engine.guid, containerId, port, engineClient(port));
    } catch (err) {
      await backend.destroyEngine(engine.guid);
      throw err;
    }
  }

  /** `docker kill` then `docker start`: the engine process dies without any chance to clean up. */
  async killAndRestart(): Promise<void> {
    this.client.close();
    execFileSync('docker', ['kill', this.containerId], { stdio: 'ignore' });
    const restartedAt = Date.now();
    execFileSync('docker', ['start', this.containerId], { stdio: 'ignore' });
    // The log still holds the first start's marker: follow only what the new start prints.
    await backend.waitForOutput(this.ref, SERVER_READY_MARKER, 30_000, restartedAt);
    this.port = await EngineContainer.hostPort(this.guid);
    this.client = engineClient(this.port);
  }

  async stop(): Promise<void> {
    this.client.close();
    await backend.destroyEngine(this.guid);
  }

  private static async hostPort(guid: EngineGuid): Promise<number> {
    const engine = (await backend.getEngines()).find((e) => e.guid === guid);
    if (!engine?.publicAddress) throw new Error(`Engine container ${guid} publishes no port`);
    return engine.publicAddress.port;
  }
}
