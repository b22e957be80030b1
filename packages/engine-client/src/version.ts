// The client's version is its package version (esbuild inlines the JSON when bundled).
export const CLIENT_VERSION: string = (require('../package.json') as { version: string }).version;
