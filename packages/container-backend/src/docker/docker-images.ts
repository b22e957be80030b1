// Images: present locally, or pulled (with each layer's progress, and the credentials Docker's client
// would use); failures name the reference and the registry (docker-pulls.ts).
import { notFound, parseImageReference, quoteValue, registryOf } from '@kurtosis-ts/domain';
import type { PullImageOptions, PullOutcome } from '../backend/images';
import type { DockerClient } from './client/docker-client';
import { dockerCredentialsFor } from './docker-credentials';
import { classifyDockerError, dockerMessage, toDomainError } from './docker-errors';
import { classifyPullFailure, digestOf, pullFailure, toPullProgress } from './docker-pulls';
import type { DockerPullEvent } from './docker-pulls';

/** Present → nothing; else a pull without progress. Says which it was (pulled, layers, bytes). */
export function ensureImage(client: DockerClient, image: string): Promise<PullOutcome> {
  return pullImage(client, image);
}

/** As the policy says (default: present → nothing); a pull with the reference's credentials (given, or from Docker's config). */
export async function pullImage(client: DockerClient, image: string, options: PullImageOptions = {}): Promise<PullOutcome> {
  // Before anything is asked of Docker or a registry.
  const reference = parseImageReference(image);
  const policy = options.policy ?? 'missing';
  const before = await presentId(client, image);
  if (before !== undefined && policy !== 'always') return { image, pulled: false, downloadedLayers: 0, downloadedBytes: 0 };
  if (policy === 'never') throw notFound(`Image ${quoteValue(image)} is not present, and the pull policy 'never' says not to pull it`);
  const registry = registryOf(reference);
  const credentials = options.credentials ?? (await dockerCredentialsFor(registry));
  const layers = new Map<string, number>();
  let digest: string | undefined;
  try {
    await client.pullImage(image, {
      ...(credentials && { auth: { ...credentials, serveraddress: registry } }),
      onEvent: (raw) => {
        const event = raw as DockerPullEvent;
        digest = digestOf(event) ?? digest;
        const progress = toPullProgress(event);
        if (!progress) return;
        if (progress.phase === 'downloading' && progress.totalBytes) layers.set(progress.layer, progress.totalBytes);
        else if (progress.phase !== 'exists' && !layers.has(progress.layer)) layers.set(progress.layer, 0);
        options.onProgress?.(progress);
      },
    });
  } catch (err) {
    if (classifyDockerError(err) === 'unavailable') throw toDomainError(err, `Pulling image ${quoteValue(image)}`);
    const text = dockerMessage(err);
    throw pullFailure(image, reference, classifyPullFailure((err as { statusCode?: number }).statusCode, text, credentials !== undefined), text, err);
  }
  const downloadedBytes = [...layers.values()].reduce((sum, bytes) => sum + bytes, 0);
  // Docker says "up to date" whenever no layer had to be downloaded, also when the tag moved to an
  // image whose layers were all here: what counts is whether the reference names another image now.
  const pulled = before === undefined || (await presentId(client, image)) !== before;
  return { image, pulled, ...(digest && { digest }), downloadedLayers: layers.size, downloadedBytes };
}

/** The ID of the image the reference names here, or undefined when none. */
async function presentId(client: DockerClient, image: string): Promise<string | undefined> {
  try {
    return await client.inspectImage(image);
  } catch (err) {
    if (classifyDockerError(err) !== 'not-found') throw toDomainError(err, `Looking up image ${quoteValue(image)}`);
    return undefined;
  }
}
