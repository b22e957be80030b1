import nx from '@nx/eslint-plugin';

// The dependency arrows of docs/architecture.md: a project may import only projects whose tag is
// listed for its own tag. The domain package (IDs, DomainError, shared rules) is at the bottom.
const dependencyArrows = [
  { sourceTag: 'scope:domain', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'scope:protos', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'scope:container-backend', onlyDependOnLibsWithTags: ['scope:domain'] },
  { sourceTag: 'scope:engine', onlyDependOnLibsWithTags: ['scope:protos', 'scope:container-backend', 'scope:domain'] },
  { sourceTag: 'scope:api-container', onlyDependOnLibsWithTags: ['scope:protos', 'scope:container-backend', 'scope:domain'] },
  { sourceTag: 'scope:engine-client', onlyDependOnLibsWithTags: ['scope:protos'] },
  { sourceTag: 'scope:module-api-lib', onlyDependOnLibsWithTags: ['scope:engine-client', 'scope:protos'] },
  { sourceTag: 'scope:cli', onlyDependOnLibsWithTags: ['scope:engine-client', 'scope:container-backend', 'scope:domain'] },
  { sourceTag: 'scope:testing', onlyDependOnLibsWithTags: ['scope:engine-client'] },
  { sourceTag: 'scope:starter-pack', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'scope:datastore-server', onlyDependOnLibsWithTags: ['scope:protos'] },
  // Executable modules are written with module-api-lib; the engine client's types and the datastore
  // protocol are what their EnclaveContext hands them.
  {
    sourceTag: 'scope:module',
    onlyDependOnLibsWithTags: ['scope:module-api-lib', 'scope:engine-client', 'scope:protos'],
  },
  // Scripts and benchmarks drive the whole system from outside.
  { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['*'] },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/out-tsc', '**/node_modules', '**/coverage', '**/src/generated/**'],
  },
  {
    // Project sources only: config files legitimately reach the workspace root's shared config.
    files: ['**/src/**/*.ts', '**/src/**/*.js'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: dependencyArrows,
        },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { varsIgnorePattern: '^_', argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
