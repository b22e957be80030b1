// The client's version is its package version (esbuild inlines the JSON when bundled).
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const CLIENT_VERSION: string = (require('../package.json') as { version: string }).version;
