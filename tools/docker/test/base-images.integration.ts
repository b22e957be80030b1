// Runs the real scripts against the real Docker engine: after them, the base images must behave as
// the public ones do for our Dockerfiles, and running them again must do nothing.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const TOOLS_DIR = path.resolve(__dirname, '..');
const TEST_LABEL = 'com.kurtosistech.test=docker-tools';

function runScript(name: string): { status: number | null; stderr: string; seconds: number } {
  const started = process.hrtime.bigint();
  const result = spawnSync('bash', [path.join(TOOLS_DIR, name)], { encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { status: result.status, stderr: result.stderr, seconds };
}

function dockerRun(image: string, argv: string[]): string {
  return execFileSync('docker', ['run', '--rm', '--label', TEST_LABEL, image, ...argv], { encoding: 'utf8' });
}

describe('ensure-engine.sh', () => {
  it('does nothing when an engine already answers', () => {
    const run = runScript('ensure-engine.sh');
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('already answers; nothing to do');
  });
});

describe('ensure-base-images.sh', () => {
  it('is a no-op within 2 s when both images are present', () => {
    const run = runScript('ensure-base-images.sh');
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('debian:bookworm-slim is present');
    expect(run.stderr).toContain('node:20-bookworm-slim is present');
    expect(run.seconds).toBeLessThan(2);
  });

  it('gives a node image that runs node, npm and sh', () => {
    expect(dockerRun('node:20-bookworm-slim', ['node', '-e', 'console.log(1)']).trim()).toBe('1');
    expect(dockerRun('node:20-bookworm-slim', ['npm', '--version']).trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(dockerRun('node:20-bookworm-slim', ['sh', '-c', 'echo "$((6 * 7))"']).trim()).toBe('42');
    // The same major Node as the host, as our images and tests assume.
    const major = process.versions.node.split('.')[0];
    expect(dockerRun('node:20-bookworm-slim', ['node', '-p', 'process.versions.node']).trim()).toMatch(
      new RegExp(`^${major}\\.`),
    );
  });

  it('gives a debian image with apt-get and dpkg', () => {
    expect(dockerRun('debian:bookworm-slim', ['apt-get', '--version'])).toMatch(/^apt \d/);
    expect(dockerRun('debian:bookworm-slim', ['cat', '/etc/debian_version']).trim()).toMatch(/^12\./);
  });

  describe('a Dockerfile built FROM the node image', () => {
    const tag = `kurtosis-ts-test/base-image-probe:${process.pid}`;
    let contextDir: string;

    beforeAll(() => {
      contextDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kurtosis-ts-probe-'));
      fs.writeFileSync(path.join(contextDir, 'main.js'), 'console.log(JSON.stringify({ ok: true }));\n');
      fs.writeFileSync(
        path.join(contextDir, 'Dockerfile'),
        [
          'FROM node:20-bookworm-slim',
          `LABEL ${TEST_LABEL}`,
          'WORKDIR /app',
          'COPY main.js .',
          'RUN node --version && npm --version && sh -c "test -x /bin/sh"',
          'CMD ["node", "main.js"]',
          '',
        ].join('\n'),
      );
    });

    afterAll(() => {
      spawnSync('docker', ['image', 'rm', '-f', tag]);
      fs.rmSync(contextDir, { recursive: true, force: true });
    });

    it('builds and runs its CMD', () => {
      execFileSync('docker', ['build', '-q', '-t', tag, contextDir], { encoding: 'utf8' });
      expect(JSON.parse(dockerRun(tag, []))).toEqual({ ok: true });
    });
  });
});
