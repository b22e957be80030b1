// The engine container on this machine (127.0.0.1:9710): starting, finding and stopping it is what
// the CLI needs Docker for (through the container backend), next to interactive shells. A backend is
// made only by the commands that need one, never at import.
import { DockerKurtosisBackend } from '@kurtosis-ts/container-backend';
import type { EngineContainer } from '@kurtosis-ts/container-backend';
import { CLIENT_VERSION, ENGINE_PORT, SERVER_READY_MARKER } from '@kurtosis-ts/engine-client';
import type { Cli } from '../cli-context';
import { withProgress } from '../output/progress';

const ENGINE_START_TIMEOUT_MS = 30_000;

export function engineImage(env: NodeJS.ProcessEnv = process.env): string {
  return env['KURTOSIS_ENGINE_IMAGE'] ?? `kurtosis-ts/engine:${CLIENT_VERSION}`;
}

/** Engine containers that no longer run (left by a kill or a crash): `engine start` removes them. Pure. */
export function deadEngines(engines: readonly EngineContainer[]): EngineContainer[] {
  return engines.filter((e) => e.status !== 'running');
}

export class LocalEngine {
  private readonly backend = new DockerKurtosisBackend();

  constructor(private readonly cli: Cli) {}

  /**
   * The user's engine: the one on ENGINE_PORT. Engines on other ports are someone else's — test
   * suites (@kurtosis-ts/testing) run their own on ephemeral ports — and the CLI leaves them alone.
   */
  async running(): Promise<EngineContainer | undefined> {
    return (await this.backend.getEngines()).find((e) => e.status === 'running' && e.publicPort === ENGINE_PORT);
  }

  async all(): Promise<EngineContainer[]> {
    return this.backend.getEngines();
  }

  /** A killed engine's container stays behind, exited; its enclaves are adopted by the next engine. */
  async removeDead(): Promise<string[]> {
    const dead = deadEngines(await this.backend.getEngines());
    await Promise.all(dead.map((e) => this.backend.destroyEngine(e.containerId)));
    if (dead.length > 0) this.cli.info(`Removed ${dead.length} engine container(s) that no longer ran: ${dead.map((e) => e.containerId.slice(0, 12)).join(', ')}`);
    return dead.map((e) => e.containerId);
  }

  /** Removes dead engine containers, then starts a fresh engine and waits until it is ready. */
  async start(): Promise<EngineContainer> {
    await this.removeDead();
    const image = engineImage(this.cli.env);
    return withProgress(
      this.cli,
      `Starting engine ${image}`,
      async () => {
        await this.backend.ensureImage(image);
        const engine = await this.backend.createEngine({ image, version: CLIENT_VERSION, hostPort: ENGINE_PORT });
        try {
          await this.backend.waitForOutput(engine.containerId, SERVER_READY_MARKER, ENGINE_START_TIMEOUT_MS);
        } catch (err) {
          await this.backend.destroyEngine(engine.containerId);
          throw err;
        }
        return engine;
      },
      { done: (e) => `Engine ${e.version} running on 127.0.0.1:${e.publicPort}` },
    );
  }

  /** Stops the user's engine, and removes engine containers that no longer run (left by a crash). */
  async stop(): Promise<number> {
    const engines = (await this.backend.getEngines()).filter((e) => e.publicPort === ENGINE_PORT || e.status !== 'running');
    await Promise.all(engines.map((e) => this.backend.destroyEngine(e.containerId)));
    return engines.length;
  }

  /** The container of a started service, for what only the runtime can do (an interactive shell). */
  async serviceContainerId(enclaveId: string, serviceId: string): Promise<string | undefined> {
    return (await this.backend.getUserServices(enclaveId)).find((s) => s.serviceId === serviceId)?.containerId;
  }

  execInteractive(containerId: string, argv: string[], io: { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream; tty: boolean }): Promise<number> {
    return this.backend.execInteractive(containerId, argv, io);
  }
}
