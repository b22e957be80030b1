// Docker's container events of our objects, as RuntimeEvents, until stopped or the stream breaks.
import type { EventWatch, RuntimeEvent } from '../backend/objects';
import type { DockerClient } from './client/docker-client';
import { toRuntimeEvent } from './docker-mappers';
import { withDockerContext } from './docker-errors';
import { APP_ID, LABEL_KEYS, labelFilter } from './labels';

export async function watchEvents(client: DockerClient, onEvent: (event: RuntimeEvent) => void): Promise<EventWatch> {
  const stream = await withDockerContext('Following Docker events', () =>
    client.events({ type: ['container'], ...labelFilter({ [LABEL_KEYS.appId]: APP_ID }) }),
  );
  let buffered = '';
  stream.on('data', (chunk: Buffer) => {
    // One JSON object per event, newline-separated; a chunk may hold several or half of one.
    buffered += chunk.toString('utf8');
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      const event = line ? toRuntimeEvent(line) : undefined;
      if (event) onEvent(event);
    }
  });
  const ended = new Promise<void>((resolve) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', () => resolve());
  });
  return { stop: () => stream.destroy(), ended };
}
