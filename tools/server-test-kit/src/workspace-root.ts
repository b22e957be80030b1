// The monorepo's root, found by walking up to nx.json: the kit's files are also used from bundles
// (tools/bench) whose __dirname is elsewhere.
import { existsSync } from 'node:fs';
import * as path from 'node:path';

export function workspaceRoot(from = __dirname): string {
  let dir = path.resolve(from);
  while (!existsSync(path.join(dir, 'nx.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No nx.json above ${from}: not inside the kurtosis-ts workspace`);
    dir = parent;
  }
  return dir;
}
