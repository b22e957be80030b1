// The enclave's data directory as a dump lists it: `type size path` lines, depth first, sorted,
// without following links, at most MAX_LISTED_ENTRIES (the rest summed up in one line).
import { lstat, readdir } from 'node:fs/promises';
import * as path from 'node:path';

export const MAX_LISTED_ENTRIES = 20_000;

export async function dataDirListing(root: string, maxEntries = MAX_LISTED_ENTRIES): Promise<string> {
  const lines: string[] = [];
  let skipped = 0;
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir).catch(() => [] as string[]);
    for (const name of entries.sort()) {
      const full = path.join(dir, name);
      const stat = await lstat(full).catch(() => undefined);
      if (!stat) continue;
      if (lines.length >= maxEntries) {
        skipped += 1;
        continue;
      }
      const type = stat.isDirectory() ? 'dir' : stat.isSymbolicLink() ? 'link' : 'file';
      lines.push(`${type}\t${stat.size}\t${path.relative(root, full)}`);
      if (stat.isDirectory()) await walk(full);
    }
  };
  await walk(root);
  if (skipped > 0) lines.push(`… ${skipped} more entries not listed`);
  return `${lines.join('\n')}\n`;
}
