// A client talks only to an engine of its own major.minor: the protocol is stable, the semantics
// behind it may not be. Pure.
import { KurtosisError, StatusCode } from './kurtosis-error';

function majorMinor(version: string): string | undefined {
  const match = /^v?(\d+)\.(\d+)(\.|$|-)/.exec(version.trim());
  return match ? `${match[1]}.${match[2]}` : undefined;
}

export function assertEngineVersionCompatible(clientVersion: string, engineVersion: string): void {
  const client = majorMinor(clientVersion);
  const engine = majorMinor(engineVersion);
  if (!engine) {
    throw new KurtosisError(StatusCode.FAILED_PRECONDITION, `The engine reports version '${engineVersion}', which is not a version number`);
  }
  if (client !== engine) {
    throw new KurtosisError(
      StatusCode.FAILED_PRECONDITION,
      `The running engine is version ${engineVersion}, but this client is ${clientVersion} and needs a ${client}.x engine; ` +
        `restart the engine with this version (\`kurtosis engine restart\`) and try again`,
    );
  }
}
