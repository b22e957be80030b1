// What each image adds on top of the base image it is built FROM, read off `docker history`: the
// base's layers are the last entries of the image's history, so the rest is what the image adds.
import { benchConsole } from './plain-console';
import { docker } from './raw-docker';

export const BASE_IMAGE = 'node:20-bookworm-slim';
export const TARGET_ADDED_MB = 15;

async function historySizes(image: string): Promise<number[]> {
  return (await docker('history', '--human=false', '--format', '{{.Size}}', image)).split('\n').map(Number);
}

async function imageExists(image: string): Promise<boolean> {
  return docker('image', 'inspect', image).then(
    () => true,
    () => false,
  );
}

/** Bytes the image's own layers hold, above `base`. */
export async function addedBytes(image: string, base = BASE_IMAGE): Promise<number> {
  const [own, ofBase] = await Promise.all([historySizes(image), historySizes(base)]);
  if (own.length < ofBase.length) throw new Error(`${image} has fewer layers than ${base}: is it built FROM it?`);
  return own.slice(0, own.length - ofBase.length).reduce((sum, size) => sum + size, 0);
}

/** Prints the size each existing image adds; true when every one is within the target. */
export async function reportAddedSizes(images: string[]): Promise<boolean> {
  const rows = [];
  for (const image of images) {
    if (!(await imageExists(image))) {
      rows.push({ image, 'added MB': '-', target: `<= ${TARGET_ADDED_MB} MB`, verdict: 'not built' });
      continue;
    }
    const mb = (await addedBytes(image)) / 1e6;
    rows.push({ image, 'added MB': mb.toFixed(2), target: `<= ${TARGET_ADDED_MB} MB`, verdict: mb <= TARGET_ADDED_MB ? 'ok' : 'MISSED' });
  }
  console.log(`size each image adds on top of ${BASE_IMAGE} (docker history):`);
  benchConsole.table(rows);
  return rows.every((r) => r.verdict !== 'MISSED');
}
