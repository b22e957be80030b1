// Pulling an image for a command, through the container backend (OperatorBackend.pullImage), before
// anything is created: a malformed reference is a usage error (exit 2), a pull that fails names the
// reference and the registry (exit 1), and the layers' progress goes to stderr (pull-progress.ts).
// An image present already costs one lookup and prints nothing.
import type { OperatorBackend, PullOutcome, PullPolicy } from '@kurtosis-ts/container-backend';
import { isDomainError, parseImageReference } from '@kurtosis-ts/domain';
import type { Cli } from '../cli-context';
import { CliFailure, UsageError } from '../errors/cli-errors';
import { formatBytes, PullProgressView } from '../output/pull-progress';

/** Refuses a malformed reference as a usage error, before anything is done. */
export function checkImageReference(what: string, image: string): void {
  try {
    parseImageReference(image);
  } catch (err) {
    if (isDomainError(err, 'invalid')) throw new UsageError(`${what}: ${err.message}`);
    throw err;
  }
}

export interface PullOptions {
  /** When to ask the registry (default: only for a missing image). */
  policy?: PullPolicy;
  /** Once, when the registry has answered with the first layer. */
  onFirstLayer?: () => void;
}

export async function pullImage(cli: Cli, backend: OperatorBackend, image: string, options: PullOptions = {}): Promise<PullOutcome> {
  checkImageReference('Pulling image', image);
  const started = Date.now();
  const view = new PullProgressView(image, process.stderr, cli.stderrTerminal.spinner);
  let announced = false;
  try {
    const outcome = await backend.pullImage(image, {
      ...(options.policy && { policy: options.policy }),
      onProgress: (event) => {
        if (!announced) {
          cli.info(`Pulling ${image}…`);
          options.onFirstLayer?.();
        }
        announced = true;
        view.onEvent(event);
      },
    });
    if (outcome.pulled) {
      cli.info(`Pulled ${image}${outcome.digest ? ` (${outcome.digest})` : ''}: ${outcome.downloadedLayers} layer(s), ${formatBytes(outcome.downloadedBytes)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } else if (outcome.digest) {
      // Asked (policy always), and the registry's digest is the one present.
      cli.info(`${image} is up to date (${outcome.digest})`);
    }
    return outcome;
  } catch (err) {
    if (isDomainError(err, 'invalid')) throw new UsageError(err.message);
    if (isDomainError(err)) throw new CliFailure(err.message, { cause: err });
    throw err;
  }
}

/** A pull under way: `accepted` once the registry has answered with the image's layers (or nothing was to pull), `done` at its end. */
export interface PullInFlight {
  /** Rejects with the pull's error when it fails before the registry sent a layer: unknown tag, refused credentials, registry down. */
  accepted: Promise<void>;
  done: Promise<PullOutcome>;
}

/**
 * Starts a pull whose first part — resolving the reference, the credentials, the manifest — decides
 * the errors a user makes; once the registry has answered with layers, what remains is downloading
 * and extracting, which the caller may overlap with other work (a failure then comes from `done`).
 */
export function startPull(cli: Cli, backend: OperatorBackend, image: string, policy?: PullPolicy): PullInFlight {
  let accept: () => void = () => undefined;
  const firstLayer = new Promise<void>((resolve) => (accept = resolve));
  const done = pullImage(cli, backend, image, { ...(policy && { policy }), onFirstLayer: () => accept() });
  // `accepted` subscribes to `done`: a failure while the caller does other work is not unhandled.
  return { accepted: Promise.race([firstLayer, done.then(() => undefined)]), done };
}
