import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeDirectoryNoFollow, UnsafeDirectoryError } from './no-follow-directory';

describe('makeDirectoryNoFollow', () => {
  let root: string;
  let outside: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'nofollow-root-'));
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'nofollow-outside-'));
  });

  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it('makes every missing component, and accepts those that exist', async () => {
    expect(await makeDirectoryNoFollow(root, 'services/a-1')).toEqual([]);
    expect(fs.statSync(path.join(root, 'services/a-1')).isDirectory()).toBe(true);
    expect(await makeDirectoryNoFollow(root, 'services/a-2')).toEqual([]);
    expect(fs.readdirSync(path.join(root, 'services')).sort()).toEqual(['a-1', 'a-2']);
  });

  it('replaces a planted symlink by a real directory, writing nothing where it pointed', async () => {
    fs.symlinkSync(outside, path.join(root, 'services'));
    expect(await makeDirectoryNoFollow(root, 'services/a-1')).toEqual(['services']);
    expect(fs.lstatSync(path.join(root, 'services')).isSymbolicLink()).toBe(false);
    expect(fs.statSync(path.join(root, 'services/a-1')).isDirectory()).toBe(true);
    expect(fs.readdirSync(outside)).toEqual([]);
  });

  it('replaces a symlink in the last component too, and a dangling one', async () => {
    fs.mkdirSync(path.join(root, 'services'));
    fs.symlinkSync(outside, path.join(root, 'services/a-1'));
    fs.symlinkSync('/no/such/place', path.join(root, 'services/a-2'));
    expect(await makeDirectoryNoFollow(root, 'services/a-1')).toEqual(['services/a-1']);
    expect(await makeDirectoryNoFollow(root, 'services/a-2')).toEqual(['services/a-2']);
    expect(fs.readdirSync(outside)).toEqual([]);
    expect(fs.existsSync('/no/such/place')).toBe(false);
  });

  it('refuses a component that is a file', async () => {
    fs.writeFileSync(path.join(root, 'services'), 'not a directory');
    await expect(makeDirectoryNoFollow(root, 'services/a-1')).rejects.toThrow(UnsafeDirectoryError);
    await expect(makeDirectoryNoFollow(root, 'services/a-1')).rejects.toThrow("'services' exists and is not a directory");
  });

  it("refuses '..'", async () => {
    await expect(makeDirectoryNoFollow(root, 'services/../x')).rejects.toThrow("'.' or '..'");
  });
});
