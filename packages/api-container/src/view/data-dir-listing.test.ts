import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dataDirListing } from './data-dir-listing';

describe('dataDirListing', () => {
  let root: string;
  let outside: string;

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'data-dir-'));
    outside = mkdtempSync(path.join(os.tmpdir(), 'outside-'));
    mkdirSync(path.join(root, 'services', 'b'), { recursive: true });
    writeFileSync(path.join(root, 'services', 'b', 'x.txt'), 'abc');
    writeFileSync(path.join(outside, 'secret'), 'no');
    symlinkSync(outside, path.join(root, 'services', 'a-link'));
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('lists type, size and path depth first, sorted, without following links', async () => {
    const listing = await dataDirListing(root);
    expect(listing.split('\n').map((l) => l.replace(/\t\d+\t/, ' '))).toEqual(['dir services', 'link services/a-link', 'dir services/b', 'file services/b/x.txt', '']);
    expect(listing).toContain('file\t3\tservices/b/x.txt');
    expect(listing).not.toContain('secret');
  });

  it('stops at the maximum and says how much it left out', async () => {
    const listing = await dataDirListing(root, 2);
    expect(listing).toBe(`${listing.split('\n').slice(0, 2).join('\n')}\n… 1 more entries not listed\n`);
    expect(listing.split('\n')).toHaveLength(4);
  });

  it('lists nothing for a directory that does not exist', async () => {
    expect(await dataDirListing(path.join(root, 'missing'))).toBe('\n');
  });
});
