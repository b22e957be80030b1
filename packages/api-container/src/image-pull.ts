// Making an image present before a service or module starts from it, and telling the log when that
// meant a pull (its time, layers and bytes): what users read, and what bench:registry measures.
import type { EnclaveBackend } from '@kurtosis-ts/container-backend';
import type { Logger } from 'pino';

export async function ensureImageLogged(backend: Pick<EnclaveBackend, 'ensureImage'>, image: string, log: Logger, context: Record<string, unknown> = {}): Promise<void> {
  const started = Date.now();
  const pull = await backend.ensureImage(image);
  if (pull.pulled) log.info({ ...context, image, ms: Date.now() - started, layers: pull.downloadedLayers, bytes: pull.downloadedBytes, digest: pull.digest }, 'image pulled');
}
