import { applyTestcontainersDefaults } from './testcontainers-environment';

describe('applyTestcontainersDefaults', () => {
  it('disables the reaper and reads ports on localhost when nothing is set', () => {
    const env: NodeJS.ProcessEnv = {};
    applyTestcontainersDefaults(env);
    expect(env).toEqual({ TESTCONTAINERS_RYUK_DISABLED: 'true', TESTCONTAINERS_HOST_OVERRIDE: 'localhost' });
  });

  it("keeps the user's own settings", () => {
    const env: NodeJS.ProcessEnv = { TESTCONTAINERS_RYUK_DISABLED: 'false', TESTCONTAINERS_HOST_OVERRIDE: 'docker.example' };
    applyTestcontainersDefaults(env);
    expect(env).toEqual({ TESTCONTAINERS_RYUK_DISABLED: 'false', TESTCONTAINERS_HOST_OVERRIDE: 'docker.example' });
  });
});
