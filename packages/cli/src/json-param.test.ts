import { EXIT_USAGE, UsageError } from './errors/cli-errors';
import { readJsonParam } from './json-param';

const files: Record<string, string> = { 'params.json': '{"numDatastores":3}', 'broken.json': '{"numDatastores":', '-': '{"fromStdin":true}' };
const readFile = (p: string) => {
  if (!(p in files)) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
  return files[p];
};

describe('readJsonParam', () => {
  it('passes inline JSON on verbatim', () => {
    expect(readJsonParam('--execute-params', '{ "a": 1 }', readFile)).toBe('{ "a": 1 }');
  });

  it('reads @- from standard input', () => {
    expect(readJsonParam('--execute-params', '@-', readFile)).toBe('{"fromStdin":true}');
  });

  it('reads @file', () => {
    expect(readJsonParam('--execute-params', '@params.json', readFile)).toBe('{"numDatastores":3}');
  });

  it.each([
    ['inline bad JSON', '{bad', '--execute-params is not valid JSON'],
    ['a file with bad JSON', '@broken.json', 'not valid JSON (in broken.json)'],
    ['a missing file', '@missing.json', 'cannot read missing.json: ENOENT'],
    ['a bare @', '@', 'needs a file name'],
  ])('refuses %s as a usage error', (_name, value, mention) => {
    let error: unknown;
    try {
      readJsonParam('--execute-params', value, readFile);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(EXIT_USAGE);
    expect((error as UsageError).message).toContain(mention);
  });
});
