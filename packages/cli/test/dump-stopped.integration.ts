// `enclave dump` of a stopped enclave: its API container serves nothing, so the dump comes from the
// container platform — every container's description and output — and says what only a running API
// container could have added.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { backend, destroyEnclaves } from '@kurtosis-ts/server-test-kit';
import { json, kurtosis } from './cli-runner';

describe('enclave dump of a stopped enclave', () => {
  const enclaveId = `cli-dump-stopped-${process.pid}`;
  let enginesBefore: string[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kurtosis-dump-stopped-'));

  beforeAll(async () => {
    enginesBefore = (await backend.getEngines()).map((e) => e.guid);
    expect(kurtosis(['enclave', 'new', '--enclave-id', enclaveId]).status).toBe(0);
    expect(kurtosis(['service', 'add', enclaveId, 'worker', 'debian:bookworm-slim', '--', 'sh', '-c', 'echo worked once; sleep 3600']).status).toBe(0);
    // The line is written after the service started: wait (bounded) until its output holds it.
    const deadline = Date.now() + 20_000;
    while (!kurtosis(['service', 'logs', enclaveId, 'worker']).stdout.includes('worked once') && Date.now() < deadline);
    expect(kurtosis(['enclave', 'stop', enclaveId]).status).toBe(0);
  });

  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await destroyEnclaves([enclaveId]);
    for (const e of await backend.getEngines()) if (!enginesBefore.includes(e.guid)) await backend.destroyEngine(e.guid);
  });

  it("writes every container's description and output, and names what only a running API container adds", () => {
    expect(json<{ enclaveId: string; apiContainerStatus: string }[]>('enclave', 'ls').find((e) => e.enclaveId === enclaveId)?.apiContainerStatus).toBe('STOPPED');
    const dump = kurtosis(['enclave', 'dump', enclaveId, dir]);
    expect(dump).toMatchObject({ status: 0, stdout: '' });
    expect(dump.stderr).toMatch(/Dumped \d+ files of enclave/);

    const entries = fs.readdirSync(dir);
    expect(entries).toEqual(expect.arrayContaining(['enclave.json', 'missing.txt', 'objects.json']));
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'enclave.json'), 'utf8'))).toMatchObject({ enclaveId, apiContainerStatus: 'STOPPED' });
    expect(fs.readFileSync(path.join(dir, 'missing.txt'), 'utf8')).toContain('api-container-state.json');
    const objects = JSON.parse(fs.readFileSync(path.join(dir, 'objects.json'), 'utf8')) as { kind: string; objectId: string; name: string }[];
    const worker = objects.find((o) => o.kind === 'user-service' && o.objectId === 'worker');
    expect(worker).toBeDefined();
    expect(objects.some((o) => o.kind === 'api-container')).toBe(true);
    expect(fs.readFileSync(path.join(dir, worker?.name as string, 'logs.txt'), 'utf8')).toContain('worked once');
    expect(JSON.parse(fs.readFileSync(path.join(dir, worker?.name as string, 'inspect.json'), 'utf8')).State.Running).toBe(false);
  });
});
