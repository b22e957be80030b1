// The generated TypeScript is committed so the package builds without a code generator. This test
// regenerates it from proto/ and fails when the two differ: run `nx run @kurtosis-ts/protos:generate`.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROTOS_PROJECT_ROOT, runBuf } from './test-support/buf';

function listFiles(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

describe('generated code', () => {
  let outDir: string;

  beforeAll(() => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kurtosis-ts-protos-'));
    runBuf(['generate', '-o', outDir]);
  });

  afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

  it('is exactly what buf + ts-proto produce from proto/', () => {
    const committedDir = path.join(PROTOS_PROJECT_ROOT, 'src/generated');
    const freshDir = path.join(outDir, 'src/generated');
    const committed = listFiles(committedDir);
    expect(listFiles(freshDir)).toEqual(committed);
    for (const file of committed) {
      const fresh = fs.readFileSync(path.join(freshDir, file), 'utf8');
      expect({ file, text: fs.readFileSync(path.join(committedDir, file), 'utf8') }).toEqual({ file, text: fresh });
    }
  });
});
