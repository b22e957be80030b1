// Registries for the Docker contract run: the project's ensure-registry.sh (Debian's distribution
// registry on 127.0.0.1), one open and one with htpasswd, each on its own port and started here, so
// stopping them and their storage goes with the run. An image pushed to them is removed locally
// again, so a pull has something to download.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

function workspaceRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'nx.json'))) dir = path.dirname(dir);
  return dir;
}

const script = () => path.join(workspaceRoot(), 'tools', 'docker', 'ensure-registry.sh');

export class ScriptRegistry {
  private constructor(
    readonly port: number,
    private readonly configDir: string | undefined,
  ) {}

  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Starts a registry on `port` (with a login when given); refuses a port something else holds. */
  static start(port: number, login?: { username: string; password: string }): ScriptRegistry {
    const args = ['up', '--port', String(port)];
    let configDir: string | undefined;
    if (login) {
      configDir = mkdtempSync(path.join(tmpdir(), 'kurtosis-registry-login-'));
      writeFileSync(path.join(configDir, 'password'), login.password, { mode: 0o600 });
      const auth = Buffer.from(`${login.username}:${login.password}`).toString('base64');
      writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({ auths: { [`127.0.0.1:${port}`]: { auth } } }), { mode: 0o600 });
      args.push('--user', login.username, '--password-file', path.join(configDir, 'password'));
    }
    execFileSync('bash', [script(), ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    return new ScriptRegistry(port, configDir);
  }

  /** Pushes `local` as `<host>/<repositoryPath>` (with the login's Docker config); that tag names here what it named before. */
  push(local: string, repositoryPath: string): string {
    const remote = `${this.host}/${repositoryPath}`;
    // Pushing tags the reference here for a moment: what it named before (a pulled image, when a tag
    // is moved) is what it names again after.
    const before = spawnSync('docker', ['image', 'inspect', '-f', '{{.Id}}', remote], { encoding: 'utf8' });
    execFileSync('docker', ['tag', local, remote]);
    try {
      execFileSync('docker', [...(this.configDir ? ['--config', this.configDir] : []), 'push', '-q', remote], { stdio: ['ignore', 'ignore', 'inherit'] });
    } finally {
      if (before.status === 0) execFileSync('docker', ['tag', before.stdout.trim(), remote]);
      else execFileSync('docker', ['image', 'rm', remote], { stdio: 'ignore' });
    }
    return remote;
  }

  stop(): void {
    execFileSync('bash', [script(), 'down', '--port', String(this.port)], { stdio: 'ignore' });
    if (this.configDir) rmSync(this.configDir, { recursive: true, force: true });
  }
}
