// This package is released in lockstep with the engine, so its own version names the engine image
// to run. Read from its own package.json, which ships with it, so it also works installed from a
// tarball outside the monorepo.
export const KURTOSIS_TESTING_VERSION: string = (require('../package.json') as { version: string }).version;

export const DEFAULT_ENGINE_IMAGE = `kurtosis-ts/engine:${KURTOSIS_TESTING_VERSION}`;
