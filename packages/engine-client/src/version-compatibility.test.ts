import { assertEngineVersionCompatible, readEngineVersion } from './version-compatibility';
import { KurtosisError, StatusCode } from './kurtosis-error';

function refusal(client: string, engine: string): KurtosisError {
  try {
    assertEngineVersionCompatible(client, engine);
  } catch (err) {
    expect(err).toBeInstanceOf(KurtosisError);
    expect((err as KurtosisError).code).toBe(StatusCode.FAILED_PRECONDITION);
    return err as KurtosisError;
  }
  throw new Error(`Client ${client} accepted engine ${engine}`);
}

describe('assertEngineVersionCompatible', () => {
  it.each([
    ['0.1.0', '1.8.3+kurtosis-ts.0.1.0', '0.1.0'],
    ['0.1.0', '1.8.3+kurtosis-ts.0.1.7', '0.1.7'],
    ['0.1.0', '1.8.0+kurtosis-ts.0.1.0-rc.1', '0.1.0-rc.1'],
    ['2.0.0', 'v1.8.9+kurtosis-ts.2.0.3', '2.0.3'],
  ])('accepts client %s with our engine %s (our version %s)', (client, engine, implementationVersion) => {
    expect(assertEngineVersionCompatible(client, engine)).toEqual({ reported: engine, apiVersion: expect.stringMatching(/^1\.8\./), implementationVersion });
  });

  it.each(['1.8.3', '1.8.0', '1.8.3+build.7'])('accepts an original engine of engine API 1.8: %s', (engine) => {
    expect(assertEngineVersionCompatible('0.1.0', engine)).toEqual({ reported: engine, apiVersion: engine.replace(/\+.*/, '') });
  });

  it.each([
    ['0.1.0', '1.8.3+kurtosis-ts.0.2.0'],
    ['0.1.0', '1.8.3+kurtosis-ts.1.1.0'],
    ['0.1.0', '1.8.3+kurtosis-ts.0.10.0'],
  ])('refuses client %s with our engine %s, saying how to fix it', (client, engine) => {
    const err = refusal(client, engine);
    expect(err.message).toContain(`engine is version ${engine.replace(/.*\+kurtosis-ts\./, '')}`);
    expect(err.message).toContain('kurtosis engine restart');
  });

  it.each(['0.1.0', '1.9.0', '2.8.3+kurtosis-ts.0.1.0'])('refuses an engine of another engine API: %s', (engine) => {
    const err = refusal('0.1.0', engine);
    expect(err.message).toContain('speaks engine API 1.8.x');
    expect(err.message).toContain('kurtosis engine restart');
  });

  it('refuses an engine version that is not a version', () => {
    expect(() => readEngineVersion('latest')).toThrow("'latest', which is not a version number");
    expect(refusal('0.1.0', 'latest').message).toContain('not a version number');
  });
});
