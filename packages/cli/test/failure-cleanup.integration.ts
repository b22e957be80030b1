// Item 2 of the CLI contract: `module exec` removes the enclave it created when loading or executing
// fails, or on Ctrl-C, unless asked to keep it, and always names it.
import { backend, destroyEnclaves, dockerObjectsOfEnclave, TestModuleImage } from '@kurtosis-ts/server-test-kit';
import { json, kurtosis, RunningCli } from './cli-runner';

const NOTHING = { containers: [], networks: [], volumes: [] };

describe('module exec cleans up after failures and interrupts', () => {
  let moduleImage: TestModuleImage;
  const enclaves = new Set<string>();
  let enginesBefore: string[] = [];
  const id = (name: string) => {
    const enclaveId = `cli-cleanup-${name}-${process.pid}`;
    enclaves.add(enclaveId);
    return enclaveId;
  };
  const listed = () => json<{ enclaveId: string }[]>('enclave', 'ls').map((e) => e.enclaveId);

  beforeAll(async () => {
    moduleImage = TestModuleImage.build('cleanup-module');
    enginesBefore = (await backend.getEngines()).map((e) => e.guid);
  });

  afterAll(async () => {
    await destroyEnclaves(enclaves);
    for (const e of await backend.getEngines()) if (!enginesBefore.includes(e.guid)) await backend.destroyEngine(e.guid);
    moduleImage?.remove();
  });

  it('creates no enclave for an unknown image: the pull before it fails, naming the image', () => {
    const enclaveId = id('image');
    const run = kurtosis(['module', 'exec', 'kurtosis-ts-test/no-such-module:1', '--enclave-id', enclaveId]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^Error: Image 'kurtosis-ts-test\/no-such-module:1' is not present locally and could not be pulled/m);
    expect(run.stderr).not.toContain('Creating enclave');
    expect(dockerObjectsOfEnclave(enclaveId)).toEqual(NOTHING);
  });

  it('removes the enclave of params the module refuses, which is a usage error (2)', () => {
    const enclaveId = id('params');
    const run = kurtosis(['module', 'exec', moduleImage.tag, '--enclave-id', enclaveId, '--execute-params', '{"action":"fail","why":"numDatastores must be a number"}']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('bad params: numDatastores must be a number');
    expect(run.stderr).toContain('END MODULE LOGS');
    expect(run.stderr).toContain(`Removed enclave ${enclaveId}`);
    expect(listed()).not.toContain(enclaveId);
  });

  it('keeps it with --keep-enclave-on-failure, saying how to inspect and remove it', () => {
    const enclaveId = id('keep');
    const run = kurtosis(['module', 'exec', moduleImage.tag, '--enclave-id', enclaveId, '--keep-enclave-on-failure', '--execute-params', '{"action":"fail","why":"debug me"}']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`Enclave ${enclaveId} was kept for inspection: kurtosis enclave inspect ${enclaveId}; remove it with: kurtosis enclave rm -f ${enclaveId}`);
    expect(listed()).toContain(enclaveId);
  });

  it('keeps it after success, naming it, and with --keep-enclave also after Ctrl-C', async () => {
    const ok = id('ok');
    const success = kurtosis(['module', 'exec', moduleImage.tag, '--enclave-id', ok, '--execute-params', '{"action":"echo","value":1}']);
    expect(success.status).toBe(0);
    expect(success.stderr).toContain(`Enclave ${ok} is still running; remove it with: kurtosis enclave rm -f ${ok}`);

    const kept = id('kept');
    const run = RunningCli.start(['module', 'exec', moduleImage.tag, '--enclave-id', kept, '--keep-enclave', '--execute-params', '{"action":"sleep","ms":120000}'], { pty: true });
    try {
      await run.waitForOutput('MODULE LOGS', 90_000);
      run.ctrlC();
      expect((await run.done(30_000)).code).toBe(130);
      expect(run.stdout).toContain(`Enclave ${kept} was kept (--keep-enclave); remove it with: kurtosis enclave rm -f ${kept}`);
      expect(listed()).toContain(kept);
    } finally {
      run.kill();
    }
  });
});
