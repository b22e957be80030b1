// The root README's first command, exactly as written there (after `npm run setup`, which CI has
// done), must print exactly the result the README shows.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { backend, destroyEnclaves, workspaceRoot } from '@kurtosis-ts/server-test-kit';

const ROOT = workspaceRoot();
const SETUP_PREFIX = 'npm run setup && npx ';

/** Splits a POSIX command line with single-quoted words (all the README uses). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const match of line.matchAll(/'([^']*)'|(\S+)/g)) words.push(match[1] ?? match[2]);
  return words;
}

function readmeFirstCommand(): { argv: string[]; shownOutput: string } {
  const lines = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').split('\n');
  const commandAt = lines.findIndex((l) => l.startsWith(SETUP_PREFIX));
  if (commandAt < 0) throw new Error(`The README has no line starting with '${SETUP_PREFIX}'`);
  // The output block is the next fenced block after the command's own.
  const fences = lines.map((l, i) => (l.startsWith('```') ? i : -1)).filter((i) => i > commandAt);
  const [, outputStart, outputEnd] = fences;
  return { argv: shellWords(lines[commandAt].slice(SETUP_PREFIX.length)), shownOutput: lines.slice(outputStart + 1, outputEnd).join('\n') };
}

describe("the README's first command", () => {
  let enginesBefore: string[] = [];
  const enclaves: string[] = [];

  beforeAll(async () => {
    enginesBefore = (await backend.getEngines()).map((e) => e.guid);
  });

  afterAll(async () => {
    await destroyEnclaves(enclaves);
    for (const e of await backend.getEngines()) if (!enginesBefore.includes(e.guid)) await backend.destroyEngine(e.guid);
  });

  it('runs the datastore army and prints what the README shows', () => {
    const { argv, shownOutput } = readmeFirstCommand();
    expect(argv.slice(0, 3)).toEqual(['kurtosis', 'module', 'exec']);
    const run = spawnSync('npx', ['--no-install', ...argv], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
    const enclaveId = /kurtosis enclave rm -f (\S+)/.exec(run.stderr)?.[1];
    if (enclaveId) enclaves.push(enclaveId);
    expect(run.stderr).toContain('MODULE LOGS');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(shownOutput));
    expect(enclaveId).toMatch(/^datastore-army-module-\d+$/);
  });
});
