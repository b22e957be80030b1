// Pulling an image for a command, through the container backend (OperatorBackend.pullImage), before
// anything is created: a malformed reference is a usage error (exit 2), a pull that fails names the
// reference and the registry (exit 1), and the layers' progress goes to stderr (pull-progress.ts).
// An image present already costs one lookup and prints nothing.
import type { OperatorBackend, PullOutcome } from '@kurtosis-ts/container-backend';
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

export async function pullImage(cli: Cli, backend: OperatorBackend, image: string): Promise<PullOutcome> {
  checkImageReference('Pulling image', image);
  const started = Date.now();
  const view = new PullProgressView(image, process.stderr, cli.stderrTerminal.spinner);
  let announced = false;
  try {
    const outcome = await backend.pullImage(image, {
      onProgress: (event) => {
        if (!announced) cli.info(`Pulling ${image}…`);
        announced = true;
        view.onEvent(event);
      },
    });
    if (outcome.pulled) {
      cli.info(`Pulled ${image}${outcome.digest ? ` (${outcome.digest})` : ''}: ${outcome.downloadedLayers} layer(s), ${formatBytes(outcome.downloadedBytes)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    return outcome;
  } catch (err) {
    if (isDomainError(err, 'invalid')) throw new UsageError(err.message);
    if (isDomainError(err)) throw new CliFailure(err.message, { cause: err });
    throw err;
  }
}
