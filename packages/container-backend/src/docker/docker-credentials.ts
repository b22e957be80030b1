// Registry credentials where Docker's own client keeps them: `$DOCKER_CONFIG/config.json` (default
// `~/.docker/config.json`), as `auths` entries (base64 "user:password") or through a credential helper
// (`credHelpers` per registry, `credsStore` for all), so a `docker login` is all a user does.
// Nothing is ever taken from the command line.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { RegistryCredentials } from '../backend/images';

export interface DockerConfigFile {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/** The keys Docker files a registry under: the host itself, and the URL forms older clients wrote. */
function keysOf(registry: string): string[] {
  return registry === 'docker.io'
    ? ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io']
    : [registry, `https://${registry}`, `http://${registry}`, `https://${registry}/v1/`, `https://${registry}/v2/`];
}

export type CredentialSource = { kind: 'inline'; credentials: RegistryCredentials } | { kind: 'helper'; helper: string; serverUrl: string } | { kind: 'none' };

/** Where the config says a registry's credentials are. Pure. */
export function credentialSource(config: DockerConfigFile, registry: string): CredentialSource {
  const keys = keysOf(registry);
  for (const key of keys) {
    const helper = config.credHelpers?.[key];
    if (helper) return { kind: 'helper', helper, serverUrl: key };
  }
  for (const key of keys) {
    const entry = config.auths?.[key];
    if (!entry) continue;
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) return { kind: 'inline', credentials: { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) } };
    }
    if (entry.username && entry.password) return { kind: 'inline', credentials: { username: entry.username, password: entry.password } };
  }
  if (config.credsStore) return { kind: 'helper', helper: config.credsStore, serverUrl: registry === 'docker.io' ? 'https://index.docker.io/v1/' : registry };
  return { kind: 'none' };
}

export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env['DOCKER_CONFIG'] ?? join(homedir(), '.docker'), 'config.json');
}

/** The credentials Docker's client would use for the registry, or undefined (no config, no entry). */
export async function dockerCredentialsFor(registry: string, env: NodeJS.ProcessEnv = process.env): Promise<RegistryCredentials | undefined> {
  let config: DockerConfigFile;
  try {
    config = JSON.parse(await readFile(dockerConfigPath(env), 'utf8')) as DockerConfigFile;
  } catch {
    return undefined;
  }
  const source = credentialSource(config, registry);
  if (source.kind === 'inline') return source.credentials;
  if (source.kind === 'none') return undefined;
  return fromHelper(source.helper, source.serverUrl);
}

/** `docker-credential-<helper> get`, which reads the server URL on stdin and answers JSON. */
function fromHelper(helper: string, serverUrl: string): Promise<RegistryCredentials | undefined> {
  return new Promise((resolve) => {
    const child = execFile(`docker-credential-${helper}`, ['get'], { timeout: 10_000 }, (err, stdout) => {
      if (err) return resolve(undefined);
      try {
        const answer = JSON.parse(stdout) as { Username?: string; Secret?: string };
        resolve(answer.Username && answer.Secret ? { username: answer.Username, password: answer.Secret } : undefined);
      } catch {
        resolve(undefined);
      }
    });
    child.stdin?.end(serverUrl);
  });
}
