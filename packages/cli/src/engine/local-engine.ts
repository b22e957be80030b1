// The engine on this machine (LOCAL_ENGINE_ADDRESS): starting, finding and stopping it is what the
// CLI needs the container platform for (OperatorBackend, platform.ts), next to interactive shells.
// A backend is made only by the commands that need one, never at import; every address is the one
// the backend published.
import type { Engine, ObjectRef, OperatorBackend } from '@kurtosis-ts/container-backend';
import type { EnclaveId } from '@kurtosis-ts/domain';
import { CLIENT_VERSION, ENGINE_PORT, SERVER_READY_MARKER } from '@kurtosis-ts/engine-client';
import type { Cli } from '../cli-context';
import { CliFailure } from '../errors/cli-errors';
import { checkImageReference, pullImage } from '../images/image-pull';
import { withProgress } from '../output/progress';
import { operatorBackend } from '../platform';

const ENGINE_START_TIMEOUT_MS = 30_000;

export interface LocalEngineOptions {
  /** How long a new engine may take to print its ready line (30 s). */
  startTimeoutMs?: number;
  /** Where the engine and API container images come from when missing (`--image-registry`; else $KURTOSIS_IMAGE_REGISTRY; else local builds). */
  imageRegistry?: string;
}

export function engineImage(env: NodeJS.ProcessEnv = process.env, imageRegistry?: string): string {
  return env['KURTOSIS_ENGINE_IMAGE'] ?? `${imageRegistry ? `${imageRegistry}/` : ''}kurtosis-ts/engine:${CLIENT_VERSION}`;
}

/** The API container images an engine started with a registry uses (repository; the engine adds its version). Pure. */
export function apiContainerRepository(imageRegistry: string): string {
  return `${imageRegistry}/kurtosis-ts/api-container`;
}

/** Engines that no longer run (left by a kill or a crash): `engine start` removes them. Pure. */
export function deadEngines(engines: readonly Engine[]): Engine[] {
  return engines.filter((e) => e.status !== 'running');
}

/** Where the backend published the engine: "<host>:<port>". */
export function addressOf(engine: Engine): string {
  if (!engine.publicAddress) throw new CliFailure(`Engine ${engine.guid} is not reachable: it publishes no port`);
  return `${engine.publicAddress.host}:${engine.publicAddress.port}`;
}

export class LocalEngine {
  constructor(
    private readonly cli: Cli,
    private readonly backend: OperatorBackend = operatorBackend(),
    private readonly options: LocalEngineOptions = {},
  ) {}

  /**
   * The user's engine: the one on ENGINE_PORT. Engines on other ports are someone else's — test
   * suites (@kurtosis-ts/testing) run their own on ephemeral ports — and the CLI leaves them alone.
   */
  async running(): Promise<Engine | undefined> {
    return (await this.backend.getEngines()).find((e) => e.status === 'running' && e.publicAddress?.port === ENGINE_PORT);
  }

  async all(): Promise<Engine[]> {
    return this.backend.getEngines();
  }

  /** A killed engine stays behind, exited; its enclaves are adopted by the next engine. */
  async removeDead(): Promise<string[]> {
    const dead = deadEngines(await this.backend.getEngines());
    await Promise.all(dead.map((e) => this.backend.destroyEngine(e.guid)));
    if (dead.length > 0) this.cli.info(`Removed ${dead.length} engine container(s) that no longer ran: ${dead.map((e) => e.guid).join(', ')}`);
    return dead.map((e) => e.guid);
  }

  /** Removes dead engines, then starts a fresh engine and waits until it is ready. */
  async start(): Promise<Engine> {
    await this.removeDead();
    const registry = this.options.imageRegistry ?? (this.cli.env['KURTOSIS_IMAGE_REGISTRY'] || undefined);
    const image = engineImage(this.cli.env, registry);
    // From a registry: both images pulled here when missing (with progress, and Docker's credentials),
    // so the engine finds its API container image present.
    let env: Record<string, string> | undefined;
    if (registry) {
      const apiContainerImage = apiContainerRepository(registry);
      await pullImage(this.cli, this.backend, image);
      await pullImage(this.cli, this.backend, `${apiContainerImage}:${CLIENT_VERSION}`);
      // The engine hands these on to its API containers (files-artifact expander, networking sidecars).
      env = { KURTOSIS_API_CONTAINER_IMAGE: apiContainerImage, KURTOSIS_NETWORKING_SIDECAR_IMAGE: `${registry}/kurtosis-ts/networking-sidecar:${CLIENT_VERSION}` };
    } else {
      checkImageReference('Engine image', image);
    }
    return withProgress(
      this.cli,
      `Starting engine ${image}`,
      async () => {
        await this.backend.ensureImage(image);
        const engine = await this.backend.createEngine({ image, version: CLIENT_VERSION, hostPort: ENGINE_PORT, ...(env && { env }) });
        try {
          await this.backend.waitForOutput({ kind: 'engine', guid: engine.guid }, SERVER_READY_MARKER, this.options.startTimeoutMs ?? ENGINE_START_TIMEOUT_MS);
        } catch (err) {
          await this.backend.destroyEngine(engine.guid);
          throw err;
        }
        return engine;
      },
      { done: (e) => `Engine ${e.version} running on ${addressOf(e)}` },
    );
  }

  /** Stops the user's engine, and removes engines that no longer run (left by a crash). */
  async stop(): Promise<number> {
    const engines = (await this.backend.getEngines()).filter((e) => e.publicAddress?.port === ENGINE_PORT || e.status !== 'running');
    await Promise.all(engines.map((e) => this.backend.destroyEngine(e.guid)));
    return engines.length;
  }

  /** The process of a started service, for what only the platform can do (an interactive shell). */
  async serviceProcess(enclaveId: EnclaveId, serviceId: string): Promise<ObjectRef | undefined> {
    const service = (await this.backend.getUserServices(enclaveId)).find((s) => s.serviceId === serviceId);
    return service && { kind: 'user-service', enclaveId, guid: service.guid };
  }

  execInteractive(process: ObjectRef, argv: string[], io: { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream; tty: boolean }): Promise<number> {
    return this.backend.execInteractive(process, argv, io);
  }
}
