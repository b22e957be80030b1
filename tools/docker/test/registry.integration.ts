// ensure-registry.sh against the real machine: a registry on a free loopback port that Docker pushes
// to and pulls from, `up` again changes nothing, one with a login refuses without it, `down` stops
// only what `up` started and removes its storage, and the server keeps no file its caller opened
// (under `flock`, the caller's lock would otherwise stay held by the registry).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const SCRIPT = path.resolve(__dirname, '..', 'ensure-registry.sh');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const script = (...args: string[]) => spawnSync('bash', [SCRIPT, ...args], { encoding: 'utf8' });
/** The HTTP status of the registry's base endpoint, 000 when nothing answers (curl exits non-zero then). */
const status = (port: number, auth?: string) =>
  spawnSync('curl', ['-s', '-m', '2', '-o', '/dev/null', '-w', '%{http_code}', ...(auth ? ['-u', auth] : []), `http://127.0.0.1:${port}/v2/`], { encoding: 'utf8' }).stdout;
function scriptAsync(...args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', [SCRIPT, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stderr }));
  });
}
const recordOf = (port: number) => `/tmp/kurtosis-registry-${port}.dir`;

describe('ensure-registry.sh', () => {
  const started: number[] = [];
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ensure-registry-test-'));

  afterAll(() => {
    for (const port of started) script('down', '--port', String(port));
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('starts a registry Docker pushes to, does nothing the second time, and stops it with its storage', async () => {
    const port = await freePort();
    started.push(port);
    const up = script('up', '--port', String(port));
    expect(up.status).toBe(0);
    expect(up.stdout).toContain(`registry on 127.0.0.1:${port} started`);
    expect(status(port)).toBe('200');
    const dir = fs.readFileSync(recordOf(port), 'utf8').trim();
    expect(fs.existsSync(path.join(dir, 'storage'))).toBe(true);
    expect(script('up', '--port', String(port)).stdout).toContain('already started by ensure-registry.sh');

    const image = `127.0.0.1:${port}/kurtosis-ts-test/ensure-registry:${process.pid}`;
    execFileSync('docker', ['tag', 'debian:bookworm-slim', image]);
    try {
      execFileSync('docker', ['push', '-q', image], { stdio: 'ignore' });
      expect(fs.readdirSync(path.join(dir, 'storage', 'docker', 'registry', 'v2', 'repositories', 'kurtosis-ts-test'))).toEqual(['ensure-registry']);
    } finally {
      spawnSync('docker', ['image', 'rm', image], { stdio: 'ignore' });
    }

    expect(script('down', '--port', String(port)).stdout).toContain('stopped, its storage removed');
    expect(status(port)).toBe('000');
    expect(fs.existsSync(dir)).toBe(false);
    expect(fs.existsSync(recordOf(port))).toBe(false);
    expect(script('down', '--port', String(port)).stdout).toContain('no registry started by ensure-registry.sh');
  });

  it('asks for the password of --user, and refuses a port something else holds', async () => {
    const port = await freePort();
    started.push(port);
    const passwordFile = path.join(scratch, 'password');
    fs.writeFileSync(passwordFile, 'pw-of-the-test', { mode: 0o600 });
    expect(script('up', '--port', String(port), '--user', 'tester', '--password-file', passwordFile).status).toBe(0);
    expect(status(port)).toBe('401');
    expect(status(port, 'tester:pw-of-the-test')).toBe('200');
    expect(status(port, 'tester:wrong')).toBe('401');
    const holder = createHttpServer((_request, response) => response.writeHead(404).end());
    const taken = await freePort();
    await new Promise<void>((resolve) => holder.listen(taken, '127.0.0.1', resolve));
    try {
      // Asynchronously: the holder answers from this process, which a synchronous spawn would block.
      const refused = await scriptAsync('up', '--port', String(taken));
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain(`127.0.0.1:${taken} is taken (HTTP 404)`);
    } finally {
      holder.close();
    }
  });

  it('leaves a caller’s flock released: the server inherits no descriptor of it', async () => {
    const port = await freePort();
    started.push(port);
    const lock = path.join(scratch, 'lock');
    const run = spawnSync('flock', [lock, 'bash', SCRIPT, 'up', '--port', String(port)], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    // Taken at once (-n) only when nothing holds it any more.
    expect(spawnSync('flock', ['-n', lock, 'true']).status).toBe(0);
  });
});
