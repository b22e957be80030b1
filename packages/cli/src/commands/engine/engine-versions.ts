// What the engine at the CLI's address says of its versions; undefined when it does not answer.
import { KurtosisContext } from '@kurtosis-ts/engine-client';
import type { EngineVersionInfo } from '@kurtosis-ts/engine-client';
import type { Cli } from '../../cli-context';

export function answeringEngineVersions(cli: Cli): Promise<EngineVersionInfo | undefined> {
  return KurtosisContext.readEngineVersion(cli.engine.address, { timeoutMs: 5_000 }).catch(() => undefined);
}

export const shownVersion = (v: EngineVersionInfo | undefined) => (v ? (v.implementationVersion ?? v.reported) : null);
