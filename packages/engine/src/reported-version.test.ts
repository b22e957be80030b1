// GetEngineInfo's engine_version, put through exactly what the original clients do with it before
// they connect, so an unmodified 2021 client accepts this engine.
import { ENGINE_API_VERSION, formatEngineVersion, parseEngineVersion } from '@kurtosis-ts/protos';
import { ENGINE_VERSION } from './version';

// npm `semver`, as the original TypeScript engine-api-lib 1.8.3 calls it (semver.parse, then .major and .minor).
const semver = require('semver') as { parse(version: string): { major: number; minor: number } | null };

// The official SemVer 2.0 regular expression (semver.org): what Go's Masterminds
// semver.StrictNewVersion, used by the original Go engine-api-lib, accepts.
const SEMVER_2 =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** The original library's constant: the engine API version it was built against. */
const ORIGINAL_LIBRARY_ENGINE_VERSION = '1.8.3';

const reported = formatEngineVersion(ENGINE_VERSION);

describe('the engine_version GetEngineInfo reports', () => {
  it('is the engine API version with our version as build metadata', () => {
    expect(reported).toBe(`${ENGINE_API_VERSION}+kurtosis-ts.${ENGINE_VERSION}`);
    expect(parseEngineVersion(reported)?.implementationVersion).toBe(ENGINE_VERSION);
  });

  it('passes the TypeScript original library check: semver.parse, same major and minor', () => {
    const running = semver.parse(reported);
    const library = semver.parse(ORIGINAL_LIBRARY_ENGINE_VERSION);
    expect(running).not.toBeNull();
    expect(library).not.toBeNull();
    expect(running?.major).toBe(library?.major);
    expect(running?.minor).toBe(library?.minor);
    // The check is not vacuous: our bare version would have been refused.
    expect(semver.parse(ENGINE_VERSION)?.minor).not.toBe(library?.minor);
  });

  it('passes the Go original library check: strict SemVer 2.0, major 1, minor 8', () => {
    const match = SEMVER_2.exec(reported);
    expect(match).not.toBeNull();
    expect([Number(match?.[1]), Number(match?.[2])]).toEqual([1, 8]);
    expect(match?.[5]).toBe(`kurtosis-ts.${ENGINE_VERSION}`);
  });
});
