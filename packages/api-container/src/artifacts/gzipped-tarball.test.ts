import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { explainNotGzippedTarball, explainNotGzippedTarballFile, HEAD_BYTES } from './gzipped-tarball';

describe('explainNotGzippedTarball', () => {
  let tarball: Buffer;

  beforeAll(() => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tgz-test-'));
    fs.writeFileSync(path.join(dir, 'a.txt'), 'a');
    execFileSync('tar', ['-czf', path.join(dir, 'a.tgz'), '-C', dir, 'a.txt']);
    tarball = fs.readFileSync(path.join(dir, 'a.tgz'));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('accepts what tar -czf writes', async () => {
    expect(await explainNotGzippedTarball(tarball)).toBeUndefined();
  });

  it('accepts the head of a larger archive', async () => {
    expect(await explainNotGzippedTarball(tarball.subarray(0, Math.min(tarball.length - 1, 100)), false)).toBeUndefined();
  });

  it.each([
    ['plain text', Buffer.from('just some text'), 'not gzip-compressed'],
    ['an empty body', Buffer.alloc(0), 'not gzip-compressed'],
    ['gzipped text', gzipSync(Buffer.from('not a tar archive at all')), 'less than one tar block'],
    ['a gzipped block of garbage', gzipSync(Buffer.alloc(1024, 7)), 'not a tar archive'],
    ['a truncated gzip stream', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0]), 'does not decompress'],
  ])('refuses %s', async (_name, data, mention) => {
    expect(await explainNotGzippedTarball(data)).toContain(mention);
  });

  it('reads only the head of a file on disk', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tgz-file-test-'));
    try {
      // Random content does not compress: the archive is larger than the head that is read.
      fs.writeFileSync(path.join(dir, 'random.bin'), crypto.randomBytes(HEAD_BYTES * 3));
      const big = path.join(dir, 'big.tgz');
      execFileSync('tar', ['-czf', big, '-C', dir, 'random.bin']);
      expect(fs.statSync(big).size).toBeGreaterThan(HEAD_BYTES);
      expect(await explainNotGzippedTarballFile(big)).toBeUndefined();
      const text = path.join(dir, 'text.tgz');
      fs.writeFileSync(text, 'just text');
      expect(await explainNotGzippedTarballFile(text)).toBe('it is not gzip-compressed');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
