import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApiContainerStateFile, parseState } from './api-container-state-file';
import type { ApiContainerState } from './api-container-state-file';

const STATE: ApiContainerState = {
  schemaVersion: 1,
  sidecars: {},
  registeredServices: [{ serviceId: 's', guid: 's-1', privateIp: '172.16.0.5' }],
  externalContainers: [{ key: 'k', containerId: 'c', ip: '172.16.0.9' }],
};

describe('parseState', () => {
  it('reads what save writes, and files without external containers', () => {
    expect(parseState(JSON.stringify(STATE))).toEqual({ state: STATE });
    const { externalContainers: _, ...older } = STATE;
    expect(parseState(JSON.stringify(older))).toEqual({ state: older });
  });

  it('keeps each started service\'s configuration', () => {
    const config = { image: 'db:1', ports: { grpc: { number: 1323, protocol: 'tcp' as const } }, entrypoint: [], cmd: ['serve'], env: { A: '1' }, dataDirMountpoint: '/data', filesArtifactMountpoints: {} };
    const withConfigs = { ...STATE, serviceConfigs: { db: { guid: 'db-1', config } } };
    expect(parseState(JSON.stringify(withConfigs))).toEqual({ state: withConfigs });
    const broken = { ...STATE, serviceConfigs: { db: { guid: 'db-1', config: { ...config, ports: { grpc: { number: 1, protocol: 'quic' } } } } } };
    expect('problem' in parseState(JSON.stringify(broken))).toBe(true);
  });

  it.each([
    ['garbage', 'garbage!', 'it is not JSON'],
    ['another JSON document', '{"hello":1}', 'it does not hold an API container state'],
    ['a wrong schema version', JSON.stringify({ ...STATE, schemaVersion: 2 }), 'it does not hold an API container state'],
  ])('explains %s', (_name, text, mention) => {
    const parsed = parseState(text);
    expect('problem' in parsed && parsed.problem).toContain(mention);
  });
});

describe('ApiContainerStateFile', () => {
  let dir: string;
  let file: ApiContainerStateFile;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'state-file-'));
    file = new ApiContainerStateFile(path.join(dir, 'api-container-state.json'));
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('saves atomically and loads back, leaving no temporary file', async () => {
    expect(await file.load()).toEqual({ kind: 'none' });
    await Promise.all([file.save({ ...STATE, registeredServices: [] }), file.save(STATE)]);
    expect(await file.load()).toEqual({ kind: 'restored', state: STATE });
    expect(fs.readdirSync(dir)).toEqual(['api-container-state.json']);
  });

  it('moves an unparsable file aside, reports it, and saves afresh', async () => {
    fs.writeFileSync(file.path, 'garbage');
    const errors: unknown[][] = [];
    expect(await file.loadOrReport({ error: (...args: unknown[]) => errors.push(args) })).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(String(errors[0][1])).toContain(`State file ${file.path} could not be used (it is not JSON`);
    const aside = fs.readdirSync(dir).filter((f) => f.includes('.unreadable-'));
    expect(aside).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, aside[0]), 'utf8')).toBe('garbage');
    await file.save(STATE);
    expect(await file.load()).toEqual({ kind: 'restored', state: STATE });
  });

  it('neither reads nor writes through a symlink in its place', async () => {
    const target = path.join(dir, 'elsewhere.json');
    fs.writeFileSync(target, JSON.stringify(STATE));
    fs.symlinkSync(target, file.path);
    const loaded = await file.load();
    expect(loaded.kind).toBe('unreadable');
    fs.symlinkSync(target, file.path);
    await file.save({ ...STATE, registeredServices: [] });
    // The link was replaced by a file of our own; what it pointed to is untouched.
    expect(fs.lstatSync(file.path).isSymbolicLink()).toBe(false);
    expect(JSON.parse(fs.readFileSync(target, 'utf8'))).toEqual(STATE);
  });

  it('moves a directory in its place aside', async () => {
    fs.mkdirSync(file.path);
    const loaded = await file.load();
    expect(loaded).toMatchObject({ kind: 'unreadable', problem: 'it cannot be read: EISDIR' });
  });
});
