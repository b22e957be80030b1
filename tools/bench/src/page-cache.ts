// Extracting an image's layer writes thousands of files; on the small VMs we measure on, how fast
// that goes depends on what the page cache went through before (a plain `tar -x` of the same 240 MB
// took 0.5 s, then 1.5, 3.3, 5.6 s when repeated, and 0.9 s again once the cache was dropped). A
// benchmark that compares two pulls therefore starts each from the same state: clean pages written
// back and the page cache dropped (root only; elsewhere it says so once and measures as it finds it).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

let warned = false;

export function dropPageCache(): void {
  spawnSync('sync');
  try {
    writeFileSync('/proc/sys/vm/drop_caches', '1\n');
  } catch (err) {
    if (!warned) console.warn(`cannot drop the page cache (${(err as Error).message}): pull times will depend on what ran before`);
    warned = true;
  }
}
