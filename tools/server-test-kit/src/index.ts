export * from './promise-client';
export * from './engine-container';
export * from './test-service-image';
export * from './leftovers';
export * from './test-module-image';
export * from './workspace-root';
