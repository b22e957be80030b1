// The engine's version is its package version; esbuild inlines the JSON into the image bundle.
const packageJson = require('../package.json') as { version: string };

export const ENGINE_VERSION: string = packageJson.version;
