// testcontainers reads these when it first talks to Docker. Its reaper image (Ryuk) usually cannot
// be pulled where Kurtosis runs, and every object this package creates is removed by `stop()` and
// `destroy()` anyway; 'localhost' makes it read the ports we publish on 127.0.0.1. A user's own
// setting always wins.
export const TESTCONTAINERS_DEFAULTS: Readonly<Record<string, string>> = {
  TESTCONTAINERS_RYUK_DISABLED: 'true',
  TESTCONTAINERS_HOST_OVERRIDE: 'localhost',
};

export function applyTestcontainersDefaults(env: NodeJS.ProcessEnv = process.env): void {
  for (const [name, value] of Object.entries(TESTCONTAINERS_DEFAULTS)) {
    if (env[name] === undefined || env[name] === '') env[name] = value;
  }
}

applyTestcontainersDefaults();
