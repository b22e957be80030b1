// The versions generated package.json files pin are the ones this workspace installs and tests with.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PINNED_VERSIONS } from './pinned-versions';

const root = path.join(__dirname, '..', '..', '..', '..', '..');
const manifest = (dir: string) =>
  JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };

describe('pinned versions', () => {
  it('match the workspace root and the datastore-army module', () => {
    const workspace = { ...manifest('.').devDependencies, ...manifest('modules/datastore-army').dependencies };
    for (const [name, version] of Object.entries(PINNED_VERSIONS)) {
      expect([name, workspace[name]]).toEqual([name, version]);
    }
  });
});
