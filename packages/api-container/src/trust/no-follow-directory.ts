// Creating directories in a volume that others can write (the enclave data volume: every service
// and module may mount it) without following a symlink someone planted there. Each component is
// opened with O_DIRECTORY|O_NOFOLLOW and the next one is made through /proc/self/fd/<fd>/, so the
// path is never resolved by name a second time: swapping a component for a symlink in between
// cannot redirect us. A component that is a symlink is repaired (the link is removed, a real
// directory made); one that is something else (a file) is refused.
import { constants } from 'node:fs';
import { lstat, mkdir, open, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';

const { O_RDONLY, O_DIRECTORY, O_NOFOLLOW } = constants;

/** How often one component is repaired before we give up (something keeps replacing it). */
const REPAIR_ATTEMPTS = 3;

export class UnsafeDirectoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeDirectoryError';
  }
}

/**
 * Makes `root`/`relativePath` (each missing component; existing real directories are fine) and
 * returns the symlinks it removed on the way, relative to `root`. `root` itself is trusted (our own
 * mount point); everything below it is not.
 */
export async function makeDirectoryNoFollow(root: string, relativePath: string): Promise<string[]> {
  const components = relativePath.split('/').filter((c) => c !== '');
  if (components.some((c) => c === '.' || c === '..')) throw new Error(`Path '${relativePath}' must not contain '.' or '..'`);
  const removedLinks: string[] = [];
  let parent = await open(root, O_RDONLY | O_DIRECTORY);
  try {
    for (let i = 0; i < components.length; i++) {
      const next = await openChildDirectory(parent, components[i], components.slice(0, i + 1).join('/'), removedLinks);
      await parent.close();
      parent = next;
    }
  } finally {
    await parent.close().catch(() => undefined);
  }
  return removedLinks;
}

async function openChildDirectory(parent: FileHandle, name: string, shownPath: string, removedLinks: string[]): Promise<FileHandle> {
  const child = `/proc/self/fd/${parent.fd}/${name}`;
  for (let attempt = 0; attempt <= REPAIR_ATTEMPTS; attempt++) {
    // mkdir never follows a symlink in its last component: a planted link makes it fail with EEXIST.
    await mkdir(child).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
    try {
      return await open(child, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ELOOP' && code !== 'ENOTDIR' && code !== 'ENOENT') throw err;
      const stats = await lstat(child).catch(() => undefined);
      if (stats?.isSymbolicLink()) {
        // unlink removes the link itself, never what it points to.
        await unlink(child).catch((unlinkErr: NodeJS.ErrnoException) => {
          if (unlinkErr.code !== 'ENOENT' && unlinkErr.code !== 'EISDIR' && unlinkErr.code !== 'EPERM') throw unlinkErr;
        });
        removedLinks.push(shownPath);
      } else if (stats && !stats.isDirectory()) {
        throw new UnsafeDirectoryError(`'${shownPath}' exists and is not a directory`);
      }
    }
  }
  throw new UnsafeDirectoryError(`'${shownPath}' kept being replaced while it was being made`);
}
