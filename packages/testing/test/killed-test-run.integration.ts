// A Jest run using this package, killed (SIGKILL, so no afterAll runs) while it holds an engine, an
// enclave, a module and a service: the engine reaps the session's enclave and removes itself, with no
// testcontainers reaper, and the package never touched the reaper's setting.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dockerObjectsOfEnclave } from '@kurtosis-ts/server-test-kit';

const NOTHING = { containers: [], networks: [], volumes: [] };
const containerExists = (id: string) =>
  execFileSync('docker', ['ps', '-aq', '--no-trunc', '--filter', `id=${id}`], { encoding: 'utf8' }).trim() !== '';

async function poll<T>(what: string, timeoutMs: number, probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('a killed test run', () => {
  it('leaves neither its enclave nor its engine behind', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kurtosis-killed-run-'));
    const report = path.join(dir, 'report.json');
    const env: NodeJS.ProcessEnv = { ...process.env, KILLED_RUN_REPORT: report };
    delete env['TESTCONTAINERS_RYUK_DISABLED'];
    const jest = spawn(process.execPath, [require.resolve('jest/bin/jest'), '-c', 'jest.integration.config.cjs', '-i', '--testMatch', '<rootDir>/test/fixtures/killed-run.fixture.ts'], {
      cwd: path.resolve(__dirname, '..'),
      env,
      detached: true,
      stdio: 'ignore',
    });
    let facts: { enclaveId: string; engineContainerId: string; sessionId: string } | undefined;
    try {
      const held = await poll<{ enclaveId: string; engineContainerId: string; sessionId: string }>('the test run holding its enclave', 120_000, () => (fs.existsSync(report) ? JSON.parse(fs.readFileSync(report, 'utf8')) : undefined));
      facts = held;
      await poll('the test run blocking its main thread for 2 s', 30_000, () => (fs.existsSync(`${report}.blocked`) ? true : undefined));
      // Still all there after the main thread was blocked: the heartbeats kept coming.
      expect(dockerObjectsOfEnclave(held.enclaveId).containers.length).toBeGreaterThanOrEqual(3);
      expect(containerExists(held.engineContainerId)).toBe(true);

      const killedAt = Date.now();
      process.kill(-(jest.pid as number), 'SIGKILL');
      const enclaveGone = await poll('the enclave reaped', 60_000, () => {
        const left = dockerObjectsOfEnclave(held.enclaveId);
        return left.containers.length + left.networks.length + left.volumes.length === 0 ? Date.now() : undefined;
      });
      const engineGone = await poll('the engine removed', 60_000, () => (containerExists(held.engineContainerId) ? undefined : Date.now()));
      expect(dockerObjectsOfEnclave(held.enclaveId)).toEqual(NOTHING);
      console.log(`killed test run: enclave reaped ${enclaveGone - killedAt} ms, engine gone ${engineGone - killedAt} ms after the kill`);
    } finally {
      try {
        process.kill(-(jest.pid as number), 'SIGKILL');
      } catch {
        // gone already
      }
      if (facts) {
        spawnSync('docker', ['rm', '-f', facts.engineContainerId], { stdio: 'ignore' });
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('imports without touching testcontainers settings', () => {
    const before = { ryuk: process.env['TESTCONTAINERS_RYUK_DISABLED'], host: process.env['TESTCONTAINERS_HOST_OVERRIDE'] };
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh import is the point
      require('@kurtosis-ts/testing');
    });
    expect({ ryuk: process.env['TESTCONTAINERS_RYUK_DISABLED'], host: process.env['TESTCONTAINERS_HOST_OVERRIDE'] }).toEqual(before);
  });
});
