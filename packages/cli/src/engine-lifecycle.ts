// Starting, finding and stopping the engine container — the one thing the CLI does with Docker
// directly (through the container backend).
import { DockerKurtosisBackend } from '@kurtosis-ts/container-backend';
import type { Engine } from '@kurtosis-ts/container-backend';
import { CLIENT_VERSION, ENGINE_PORT, KurtosisContext, SERVER_READY_MARKER } from '@kurtosis-ts/engine-client';
import type { EnclaveContext } from '@kurtosis-ts/engine-client';
import { CliFailure } from './cli-errors';
import { info, withProgress } from './output';
import { deadEngines } from './runtime-rows';

export const backend = new DockerKurtosisBackend();
export const ENGINE_IMAGE = process.env['KURTOSIS_ENGINE_IMAGE'] ?? `kurtosis-ts/engine:${CLIENT_VERSION}`;
const ENGINE_START_TIMEOUT_MS = 30_000;

/**
 * The user's engine: the one on ENGINE_PORT. Engines on other ports are someone else's — test suites
 * (e.g. @kurtosis-ts/testing) run their own on ephemeral ports — and the CLI leaves them alone.
 */
export async function runningEngine(): Promise<Engine | undefined> {
  return (await backend.getEngines()).find((e) => e.status === 'running' && e.publicAddress?.port === ENGINE_PORT);
}

/**
 * Removes engine containers that no longer run: a killed engine stays behind, exited (Docker does not
 * restart what `docker kill` stopped). Its enclaves are adopted by the next engine.
 */
export async function removeDeadEngines(): Promise<string[]> {
  const dead = deadEngines(await backend.getEngines());
  await Promise.all(dead.map((e) => backend.destroyEngine(e.guid)));
  if (dead.length > 0) info(`Removed ${dead.length} engine container(s) that no longer ran: ${dead.map((e) => e.guid).join(', ')}`);
  return dead.map((e) => e.guid);
}

/** Removes dead engine containers, then starts a fresh engine and waits until it is ready. */
export async function startEngine(): Promise<Engine> {
  await removeDeadEngines();
  return withProgress(`Starting engine ${ENGINE_IMAGE}`, async () => {
    await backend.ensureImage(ENGINE_IMAGE);
    const engine = await backend.createEngine({ image: ENGINE_IMAGE, version: CLIENT_VERSION, hostPort: ENGINE_PORT });
    try {
      await backend.waitForOutput({ kind: 'engine', guid: engine.guid }, SERVER_READY_MARKER, ENGINE_START_TIMEOUT_MS);
    } catch (err) {
      await backend.destroyEngine(engine.guid);
      throw err;
    }
    return engine;
  });
}

/** Stops the user's engine, and removes engine containers that no longer run (left by a crash). */
export async function stopEngines(): Promise<number> {
  const engines = (await backend.getEngines()).filter((e) => e.publicAddress?.port === ENGINE_PORT || e.status !== 'running');
  await Promise.all(engines.map((e) => backend.destroyEngine(e.guid)));
  return engines.length;
}

/** Where the backend published the engine: "<host>:<port>". */
export function engineAddress(engine: Engine): string {
  if (!engine.publicAddress) throw new CliFailure(`Engine ${engine.guid} is not reachable: it publishes no port`);
  return `${engine.publicAddress.host}:${engine.publicAddress.port}`;
}

/** The running engine, started first when none runs (unless `autoStart` is false). */
export async function connectToEngine(autoStart = true): Promise<KurtosisContext> {
  let engine = await runningEngine();
  if (!engine) {
    if (!autoStart) throw new CliFailure('No engine is running; start one with `kurtosis engine start`');
    engine = await startEngine();
  }
  return KurtosisContext.connect(engineAddress(engine));
}

/**
 * Runs `work` on an enclave of the running engine, closing both connections afterwards. The engine
 * stays connected meanwhile, so the enclave context can find a restarted API container on its new port.
 */
export async function withEnclave<T>(enclaveId: string, work: (enclave: EnclaveContext, kurtosis: KurtosisContext) => Promise<T>): Promise<T> {
  const kurtosis = await connectToEngine(false);
  try {
    const enclave = await kurtosis.getEnclaveContext(enclaveId);
    try {
      return await work(enclave, kurtosis);
    } finally {
      enclave.close();
    }
  } finally {
    kurtosis.close();
  }
}
