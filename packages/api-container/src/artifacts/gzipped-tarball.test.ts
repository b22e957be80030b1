import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { explainNotGzippedTarball } from './gzipped-tarball';

describe('explainNotGzippedTarball', () => {
  let tarball: Buffer;

  beforeAll(() => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tgz-test-'));
    fs.writeFileSync(path.join(dir, 'a.txt'), 'a');
    execFileSync('tar', ['-czf', path.join(dir, 'a.tgz'), '-C', dir, 'a.txt']);
    tarball = fs.readFileSync(path.join(dir, 'a.tgz'));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('accepts what tar -czf writes', () => {
    expect(explainNotGzippedTarball(tarball)).toBeUndefined();
  });

  it.each([
    ['plain text', Buffer.from('just some text'), 'not gzip-compressed'],
    ['an empty body', Buffer.alloc(0), 'not gzip-compressed'],
    ['gzipped text', gzipSync(Buffer.from('not a tar archive at all')), 'less than one tar block'],
    ['a gzipped block of garbage', gzipSync(Buffer.alloc(1024, 7)), 'not a tar archive'],
    ['a truncated gzip stream', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0]), 'does not decompress'],
  ])('refuses %s', (_name, data, mention) => {
    expect(explainNotGzippedTarball(data)).toContain(mention);
  });
});
