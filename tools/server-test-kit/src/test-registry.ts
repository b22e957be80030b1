// A real registry for integration tests and benchmarks: tools/docker/ensure-registry.sh (Debian's
// distribution registry on 127.0.0.1). `open()` uses the one on 5000 (started here unless one
// answers, e.g. .ci/run's); `withLogin()` starts one with htpasswd on a free port. Everything a test
// pushes goes under its own repository path (kurtosis-ts-test/…), and `close()` deletes those
// manifests from the registry, removes the local tags of them, and stops a registry it started (its
// storage goes with it). The locally built kurtosis-ts/* images are never touched.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { workspaceRoot } from './workspace-root';

const script = () => path.join(workspaceRoot(), 'tools', 'docker', 'ensure-registry.sh');

export interface RegistryLogin {
  username: string;
  password: string;
}

/** A loopback port nothing listens on right now. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** A Docker client config directory (for DOCKER_CONFIG / `docker --config`) holding one login, or none. */
export function dockerConfigDir(logins: Record<string, RegistryLogin> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kurtosis-ts-docker-config-'));
  const auths = Object.fromEntries(Object.entries(logins).map(([host, l]) => [host, { auth: Buffer.from(`${l.username}:${l.password}`).toString('base64') }]));
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ auths }), { mode: 0o600 });
  return dir;
}

export class TestRegistry {
  private readonly pushed = new Set<string>();
  private readonly configDir: string | undefined;

  private constructor(
    readonly port: number,
    readonly startedHere: boolean,
    readonly login: RegistryLogin | undefined,
  ) {
    this.configDir = login ? dockerConfigDir({ [`127.0.0.1:${port}`]: login }) : undefined;
  }

  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** The registry on 127.0.0.1:5000: the one that answers, or one started here. */
  static open(port = 5000): TestRegistry {
    const before = answers(port);
    execFileSync('bash', [script(), 'up', '--port', String(port)], { stdio: ['ignore', 'ignore', 'inherit'] });
    return new TestRegistry(port, !before, undefined);
  }

  /** A registry of its own, on a free port, that asks for `login` (htpasswd). */
  static async withLogin(login: RegistryLogin): Promise<TestRegistry> {
    const port = await freeLoopbackPort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kurtosis-ts-registry-password-'));
    try {
      fs.writeFileSync(path.join(dir, 'password'), login.password, { mode: 0o600 });
      execFileSync('bash', [script(), 'up', '--port', String(port), '--user', login.username, '--password-file', path.join(dir, 'password')], { stdio: ['ignore', 'ignore', 'inherit'] });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return new TestRegistry(port, true, login);
  }

  /** A registry of its own on a free port, e.g. to stop in the middle of a test. */
  static async own(): Promise<TestRegistry> {
    const port = await freeLoopbackPort();
    execFileSync('bash', [script(), 'up', '--port', String(port)], { stdio: ['ignore', 'ignore', 'inherit'] });
    return new TestRegistry(port, true, undefined);
  }

  /** Pushes the local image as `<host>/<repositoryPath>` and removes that tag locally again; returns the reference. */
  push(local: string, repositoryPath: string): string {
    if (!repositoryPath.startsWith('kurtosis-ts-test/') && !repositoryPath.startsWith('kurtosis-ts-bench/')) {
      throw new Error(`Test pushes go under kurtosis-ts-test/ or kurtosis-ts-bench/, not ${repositoryPath}`);
    }
    const remote = `${this.host}/${repositoryPath}`;
    // Pushing tags the reference here for a moment: what it named before (a pulled image, when a tag
    // is moved) is what it names again after.
    const before = localImageId(remote);
    execFileSync('docker', ['tag', local, remote]);
    this.pushed.add(remote);
    try {
      execFileSync('docker', [...(this.configDir ? ['--config', this.configDir] : []), 'push', '-q', remote], { stdio: ['ignore', 'ignore', 'pipe'] });
    } finally {
      if (before) execFileSync('docker', ['tag', before, remote]);
      else spawnSync('docker', ['image', 'rm', remote], { stdio: 'ignore' });
    }
    return remote;
  }

  /** Records a reference pushed by someone else (e.g. `nx run …:publish`), for close() to delete. */
  adopt(reference: string): void {
    this.pushed.add(reference);
  }

  /** The digests of the layers the reference's manifest names. */
  async layerDigests(reference: string): Promise<string[]> {
    const answer = await this.manifest(reference, 'GET');
    if (!answer.ok) throw new Error(`${this.host} has no manifest of ${reference} (${answer.status})`);
    return ((await answer.json()) as { layers: { digest: string }[] }).layers.map((l) => l.digest);
  }

  /** Whether the registry has the reference's manifest. */
  async has(reference: string): Promise<boolean> {
    return (await this.manifest(reference, 'HEAD')).status === 200;
  }

  /** Stops a registry started here, its storage with it (close() still cleans up what is local). */
  stop(): void {
    if (!this.startedHere) throw new Error(`The registry on ${this.host} was not started by this test; it is not stopped`);
    execFileSync('bash', [script(), 'down', '--port', String(this.port)], { stdio: 'ignore' });
  }

  /** Deletes what was pushed (manifests), removes their local tags, and stops a registry started here. */
  async close(): Promise<void> {
    for (const reference of this.pushed) {
      spawnSync('docker', ['image', 'rm', '-f', reference], { stdio: 'ignore' });
      if (answers(this.port)) await this.deleteManifest(reference).catch(() => undefined);
    }
    this.pushed.clear();
    if (this.startedHere) execFileSync('bash', [script(), 'down', '--port', String(this.port)], { stdio: 'ignore' });
    if (this.configDir) fs.rmSync(this.configDir, { recursive: true, force: true });
  }

  private async manifest(reference: string, method: 'HEAD' | 'GET' | 'DELETE', tagOrDigest?: string): Promise<Response> {
    const rest = reference.slice(this.host.length + 1);
    const colon = rest.lastIndexOf(':');
    const [repository, tag] = colon > rest.lastIndexOf('/') ? [rest.slice(0, colon), rest.slice(colon + 1)] : [rest, 'latest'];
    const headers: Record<string, string> = { Accept: 'application/vnd.docker.distribution.manifest.v2+json' };
    if (this.login) headers['Authorization'] = `Basic ${Buffer.from(`${this.login.username}:${this.login.password}`).toString('base64')}`;
    return fetch(`http://${this.host}/v2/${repository}/manifests/${tagOrDigest ?? tag}`, { method, headers });
  }

  private async deleteManifest(reference: string): Promise<void> {
    const head = await this.manifest(reference, 'HEAD');
    const digest = head.headers.get('docker-content-digest');
    if (head.status === 200 && digest) await this.manifest(reference, 'DELETE', digest);
  }
}

function answers(port: number): boolean {
  const result = spawnSync('curl', ['-s', '-m', '2', '-o', '/dev/null', '-w', '%{http_code}', `http://127.0.0.1:${port}/v2/`], { encoding: 'utf8' });
  return result.stdout !== '000' && result.stdout !== '';
}

/** The ID of the image the reference names on this host, or undefined. */
function localImageId(reference: string): string | undefined {
  const result = spawnSync('docker', ['image', 'inspect', '-f', '{{.Id}}', reference], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}
