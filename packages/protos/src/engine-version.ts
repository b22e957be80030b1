// The version GetEngineInfo reports. The original clients (engine-api-lib 1.8.x) refuse every engine
// whose engine_version is not 1.8.x, so we report the engine API version we implement, and carry our
// own version as SemVer build metadata, which SemVer parsers accept and comparisons ignore:
// `1.8.3+kurtosis-ts.0.1.0`. Our own clients read it back from there. Pure.

/** The engine API version this engine implements (docs/protocol.md: engine server 1.8.x). */
export const ENGINE_API_VERSION = '1.8.3';

/** The build-metadata prefix naming this implementation. */
export const ENGINE_IMPLEMENTATION_NAME = 'kurtosis-ts';

export interface ReportedEngineVersion {
  /** The engine API version, without build metadata, e.g. "1.8.3". */
  apiVersion: string;
  apiMajor: number;
  apiMinor: number;
  /** Our own version when the engine is kurtosis-ts, e.g. "0.1.0"; undefined for any other engine. */
  implementationVersion?: string;
}

// SemVer 2.0 core with optional pre-release and build; a leading "v" is tolerated on read only.
const REPORTED = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;
// What a build-metadata tail may hold: dot-separated, non-empty [0-9A-Za-z-] identifiers.
const BUILD_IDENTIFIERS = /^[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*$/;

/** `1.8.3+kurtosis-ts.<implementationVersion>`; throws when that version cannot be build metadata. */
export function formatEngineVersion(implementationVersion: string, apiVersion: string = ENGINE_API_VERSION): string {
  if (!BUILD_IDENTIFIERS.test(implementationVersion)) {
    throw new Error(
      `Version ${JSON.stringify(implementationVersion.slice(0, 200))} cannot be SemVer build metadata: only dot-separated [0-9A-Za-z-] identifiers are allowed`,
    );
  }
  const version = `${apiVersion}+${ENGINE_IMPLEMENTATION_NAME}.${implementationVersion}`;
  if (!REPORTED.test(version) || apiVersion.includes('+')) {
    throw new Error(`Engine API version ${JSON.stringify(apiVersion.slice(0, 200))} is not a SemVer version without build metadata`);
  }
  return version;
}

/** Reads an engine_version; undefined when it is not a version number. */
export function parseEngineVersion(reported: string): ReportedEngineVersion | undefined {
  const match = REPORTED.exec(reported.trim());
  if (!match) return undefined;
  const [, major, minor, patch, preRelease, build] = match;
  const apiVersion = `${major}.${minor}.${patch}${preRelease ? `-${preRelease}` : ''}`;
  const prefix = `${ENGINE_IMPLEMENTATION_NAME}.`;
  const implementationVersion = build?.startsWith(prefix) ? build.slice(prefix.length) : undefined;
  return { apiVersion, apiMajor: Number(major), apiMinor: Number(minor), ...(implementationVersion ? { implementationVersion } : {}) };
}
