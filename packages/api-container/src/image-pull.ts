// Making an image present before a service or module starts from it, and telling the log when that
// meant a pull (its time, layers and bytes): what users read, and what bench:registry measures.
// A module that starts several services of one missing image at once (the datastore army starts all
// its datastores together) causes one pull, which the others wait for: Docker would join concurrent
// pulls of a reference too, but each extra request still costs it work while it extracts (~3 % on
// a 230 MB layer here), and the log would count the pull several times.
import type { EnclaveBackend, PullOutcome } from '@kurtosis-ts/container-backend';
import type { Logger } from 'pino';

type ImageEnsurer = Pick<EnclaveBackend, 'ensureImage'>;

const inFlight = new WeakMap<ImageEnsurer, Map<string, Promise<PullOutcome>>>();

export async function ensureImageLogged(backend: ImageEnsurer, image: string, log: Logger, context: Record<string, unknown> = {}): Promise<void> {
  let pending = inFlight.get(backend);
  if (!pending) inFlight.set(backend, (pending = new Map()));
  const running = pending.get(image);
  if (running) {
    await running;
    return;
  }
  const started = Date.now();
  const pull = backend.ensureImage(image);
  pending.set(image, pull);
  try {
    const outcome = await pull;
    if (outcome.pulled) log.info({ ...context, image, ms: Date.now() - started, layers: outcome.downloadedLayers, bytes: outcome.downloadedBytes, digest: outcome.digest }, 'image pulled');
  } finally {
    pending.delete(image);
  }
}
