import { ENGINE_API_VERSION, formatEngineVersion, parseEngineVersion } from './engine-version';

describe('engine version', () => {
  it('reports the engine API version with our version as build metadata', () => {
    expect(formatEngineVersion('0.1.0')).toBe(`${ENGINE_API_VERSION}+kurtosis-ts.0.1.0`);
    expect(formatEngineVersion('0.2.0-rc.1', '1.8.4')).toBe('1.8.4+kurtosis-ts.0.2.0-rc.1');
  });

  it.each(['', '0.1.0+abc', '0.1..0', 'a b', '0.1.0_x'])('refuses %p as our version', (version) => {
    expect(() => formatEngineVersion(version)).toThrow('cannot be SemVer build metadata');
  });

  it('refuses an API version that is not a plain SemVer version', () => {
    expect(() => formatEngineVersion('0.1.0', '1.8')).toThrow('is not a SemVer version');
    expect(() => formatEngineVersion('0.1.0', '1.8.3+x')).toThrow('is not a SemVer version');
  });

  it('reads back what it formats', () => {
    expect(parseEngineVersion(formatEngineVersion('0.1.0'))).toEqual({ apiVersion: '1.8.3', apiMajor: 1, apiMinor: 8, implementationVersion: '0.1.0' });
    expect(parseEngineVersion('1.8.3+kurtosis-ts.0.2.0-rc.1')).toMatchObject({ implementationVersion: '0.2.0-rc.1' });
  });

  it('reads an original engine, and other build metadata, as no implementation version', () => {
    expect(parseEngineVersion('1.8.3')).toEqual({ apiVersion: '1.8.3', apiMajor: 1, apiMinor: 8 });
    expect(parseEngineVersion('v1.9.0-beta.2+build.7')).toEqual({ apiVersion: '1.9.0-beta.2', apiMajor: 1, apiMinor: 9 });
  });

  it.each(['latest', '1.8', '01.8.3', '1.8.3+', ''])('reads %p as no version', (reported) => {
    expect(parseEngineVersion(reported)).toBeUndefined();
  });
});
