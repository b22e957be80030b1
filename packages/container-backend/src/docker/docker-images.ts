// Images: present locally, or pulled; a missing one is not-found, an unreachable registry unavailable.
import { DomainError, quoteValue } from '@kurtosis-ts/domain';
import type { DockerClient } from './client/docker-client';
import { classifyDockerError, dockerMessage, toDomainError } from './docker-errors';

export async function ensureImage(client: DockerClient, image: string): Promise<void> {
  try {
    await client.inspectImage(image);
    return;
  } catch (err) {
    if (classifyDockerError(err) !== 'not-found') throw toDomainError(err, `Looking up image ${quoteValue(image)}`);
  }
  try {
    await client.pullImage(image);
  } catch (err) {
    const kind = classifyDockerError(err) === 'unavailable' ? 'unavailable' : 'not-found';
    throw new DomainError(kind, `Image ${quoteValue(image)} is not present locally and could not be pulled: ${dockerMessage(err)}`, { cause: err });
  }
}
