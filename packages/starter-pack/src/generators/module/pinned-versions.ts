// Versions the generated package.json files pin (exact, like the rest of the workspace). A unit test
// checks them against the workspace's own, so a generated module never drifts from what is tested.
// The @kurtosis-ts packages' versions are read from the workspace instead.
export const PINNED_VERSIONS = {
  '@grpc/grpc-js': '1.14.7',
  tslib: '2.8.1',
  // What a standalone repository builds and tests with.
  '@swc/core': '1.16.22',
  '@swc/jest': '0.2.39',
  '@types/jest': '30.0.0',
  '@types/node': '20.19.43',
  esbuild: '0.28.2',
  jest: '30.5.2',
  typescript: '5.9.3',
} as const;

export type PinnedPackage = keyof typeof PINNED_VERSIONS;

export function pinned(names: readonly PinnedPackage[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, PINNED_VERSIONS[n]]));
}
