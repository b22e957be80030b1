// Which engines this client talks to. Our engine reports the engine API version it implements (what
// the original clients check) with our own version as build metadata (`1.8.3+kurtosis-ts.0.1.0`,
// see @kurtosis-ts/protos engine-version.ts). With ours, the major.minor of our own version must be
// this client's: the protocol is stable, the semantics behind it may not be. An original engine of
// the same engine API (1.8.x) is accepted too. Pure.
import { ENGINE_API_VERSION, parseEngineVersion } from '@kurtosis-ts/protos';
import { KurtosisError, StatusCode } from './kurtosis-error';

export interface EngineVersionInfo {
  /** What GetEngineInfo answered, as it was. */
  reported: string;
  /** The engine API version it implements, e.g. "1.8.3". */
  apiVersion: string;
  /** kurtosis-ts's version of the engine; undefined for an engine of the original Kurtosis. */
  implementationVersion?: string;
}

function majorMinor(version: string): string | undefined {
  const match = /^v?(\d+)\.(\d+)(\.|$|-)/.exec(version.trim());
  return match ? `${match[1]}.${match[2]}` : undefined;
}

/** What an engine says of its versions; FAILED_PRECONDITION when it is not a version at all. */
export function readEngineVersion(reported: string): EngineVersionInfo {
  const parsed = parseEngineVersion(reported);
  if (!parsed) {
    throw new KurtosisError(StatusCode.FAILED_PRECONDITION, `The engine reports version '${reported.slice(0, 200)}', which is not a version number`);
  }
  return { reported, apiVersion: parsed.apiVersion, ...(parsed.implementationVersion ? { implementationVersion: parsed.implementationVersion } : {}) };
}

/** Refuses (FAILED_PRECONDITION, saying how to fix it) an engine this client must not talk to. */
export function assertEngineVersionCompatible(clientVersion: string, reportedEngineVersion: string): EngineVersionInfo {
  const info = readEngineVersion(reportedEngineVersion);
  const restart = 'restart the engine with this version (`kurtosis engine restart`) and try again';
  const api = majorMinor(ENGINE_API_VERSION);
  if (majorMinor(info.apiVersion) !== api) {
    throw new KurtosisError(
      StatusCode.FAILED_PRECONDITION,
      `The running engine (version ${reportedEngineVersion}) implements engine API ${info.apiVersion}, but this client ${clientVersion} speaks engine API ${api}.x; ${restart}`,
    );
  }
  if (info.implementationVersion !== undefined && majorMinor(info.implementationVersion) !== majorMinor(clientVersion)) {
    throw new KurtosisError(
      StatusCode.FAILED_PRECONDITION,
      `The running engine is version ${info.implementationVersion}, but this client is ${clientVersion} and needs a ${majorMinor(clientVersion)}.x engine; ${restart}`,
    );
  }
  return info;
}
