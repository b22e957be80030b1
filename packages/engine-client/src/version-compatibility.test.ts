import { assertEngineVersionCompatible } from './version-compatibility';
import { KurtosisError, StatusCode } from './kurtosis-error';

describe('assertEngineVersionCompatible', () => {
  it.each([
    ['0.1.0', '0.1.0'],
    ['0.1.0', '0.1.7'],
    ['1.36.2', '1.36.0-rc1'],
    ['2.0.0', 'v2.0.3'],
  ])('accepts client %s with engine %s', (client, engine) => {
    expect(() => assertEngineVersionCompatible(client, engine)).not.toThrow();
  });

  it.each([
    ['0.1.0', '0.2.0'],
    ['1.36.0', '2.36.0'],
    ['0.1.0', '0.10.0'],
  ])('refuses client %s with engine %s, saying how to fix it', (client, engine) => {
    let error: unknown;
    try {
      assertEngineVersionCompatible(client, engine);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(KurtosisError);
    expect((error as KurtosisError).code).toBe(StatusCode.FAILED_PRECONDITION);
    expect((error as KurtosisError).message).toContain(`engine is version ${engine}`);
    expect((error as KurtosisError).message).toContain('kurtosis engine restart');
  });

  it('refuses an engine version that is not a version', () => {
    expect(() => assertEngineVersionCompatible('0.1.0', 'latest')).toThrow("'latest', which is not a version number");
  });
});
