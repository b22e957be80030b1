// The engine's settings, from its environment. Every one has a default, so `docker run` of the
// image with no environment at all gives a working engine.
import { hostname } from 'node:os';
import { DEFAULT_SUPERVISION_POLICY } from './api-container-exit';
import type { SupervisionPolicy } from './api-container-exit';
import { ENGINE_VERSION } from './version';

export interface EngineConfig {
  version: string;
  listenPort: number;
  logLevel: string;
  /** Repository of API container images; the tag is the engine version unless a create says otherwise. */
  apiContainerImageRepository: string;
  /** How long a new API container may take to answer before its enclave is rolled back. */
  apiContainerReadyTimeoutMs: number;
  /**
   * Seconds between SIGTERM and SIGKILL when StopEnclave stops an API container: well above its own
   * 5 s grace for calls in flight, so it always exits 0 — which is how a later engine tells a
   * deliberate stop from a kill.
   */
  apiContainerStopTimeoutSeconds: number;
  /**
   * This engine's guid, which it writes as an enclave's creator: its hostname, which is what the
   * platform reports as an engine's guid (Docker makes it the first 12 characters of the container ID).
   */
  engineGuid: string;
  supervision: SupervisionPolicy;
  /**
   * Image settings handed on to every API container (its files-artifact expander is its own image,
   * its sidecars another), so an engine started from a registry gets API containers that use it too.
   */
  apiContainerImageEnv: Record<string, string>;
}

export function engineConfigFromEnv(env: NodeJS.ProcessEnv = process.env): EngineConfig {
  return {
    version: ENGINE_VERSION,
    listenPort: Number(env['KURTOSIS_ENGINE_LISTEN_PORT'] ?? 9710),
    logLevel: env['KURTOSIS_ENGINE_LOG_LEVEL'] ?? 'info',
    apiContainerImageRepository: env['KURTOSIS_API_CONTAINER_IMAGE'] ?? 'kurtosis-ts/api-container',
    apiContainerReadyTimeoutMs: Number(env['KURTOSIS_API_CONTAINER_READY_TIMEOUT_MS'] ?? 30_000),
    apiContainerStopTimeoutSeconds: 20,
    engineGuid: hostname(),
    supervision: DEFAULT_SUPERVISION_POLICY,
    apiContainerImageEnv: Object.fromEntries(
      ['KURTOSIS_API_CONTAINER_IMAGE', 'KURTOSIS_NETWORKING_SIDECAR_IMAGE'].flatMap((key) => (env[key] ? [[key, env[key] as string]] : [])),
    ),
  };
}
