import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentialSource, dockerConfigPath, dockerCredentialsFor } from './docker-credentials';

const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('credentialSource', () => {
  it('reads an auths entry under the host or a URL form of it', () => {
    expect(credentialSource({ auths: { '127.0.0.1:5001': { auth: b64('alice:pa:ss') } } }, '127.0.0.1:5001')).toEqual({ kind: 'inline', credentials: { username: 'alice', password: 'pa:ss' } });
    expect(credentialSource({ auths: { 'https://r.example': { auth: b64('u:p') } } }, 'r.example').kind).toBe('inline');
    expect(credentialSource({ auths: { other: { auth: b64('u:p') } } }, 'r.example')).toEqual({ kind: 'none' });
  });

  it('prefers a registry helper, then falls back to the store', () => {
    expect(credentialSource({ credHelpers: { 'r.example': 'pass' }, auths: { 'r.example': { auth: b64('u:p') } } }, 'r.example')).toEqual({ kind: 'helper', helper: 'pass', serverUrl: 'r.example' });
    expect(credentialSource({ credsStore: 'secretservice' }, 'r.example')).toEqual({ kind: 'helper', helper: 'secretservice', serverUrl: 'r.example' });
    expect(credentialSource({}, 'docker.io')).toEqual({ kind: 'none' });
  });
});

describe('dockerCredentialsFor', () => {
  it('reads $DOCKER_CONFIG/config.json, and nothing when there is none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'docker-config-'));
    try {
      expect(dockerConfigPath({ DOCKER_CONFIG: dir })).toBe(join(dir, 'config.json'));
      expect(await dockerCredentialsFor('r:1', { DOCKER_CONFIG: dir })).toBeUndefined();
      writeFileSync(join(dir, 'config.json'), JSON.stringify({ auths: { 'r:1': { auth: b64('u:p') } } }));
      expect(await dockerCredentialsFor('r:1', { DOCKER_CONFIG: dir })).toEqual({ username: 'u', password: 'p' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
