// Item 6 (2021 compatibility) and item 7 (one way into an enclave) of the CLI contract: enclave IDs
// of the original alphabet, the original flags, another engine through --engine / KURTOSIS_ENGINE;
// and every command but the shell works with no Docker reachable from the CLI at all, since it
// reaches enclaves through the engine and API container only.
import { EngineContainer, backend, destroyEnclaves, dockerObjectsOfEnclave, TestModuleImage } from '@kurtosis-ts/server-test-kit';
import { json, kurtosis } from './cli-runner';

const NO_DOCKER = { DOCKER_HOST: 'unix:///nonexistent/docker.sock' };

describe('2021 compatibility and one way in', () => {
  let moduleImage: TestModuleImage;
  let otherEngine: EngineContainer | undefined;
  const oldStyle = `My_Test.${process.pid}`;
  const leadingUnderscore = `_cli.${process.pid}`;
  const enclaves = new Set([oldStyle, leadingUnderscore]);
  let enginesBefore: string[] = [];

  beforeAll(async () => {
    moduleImage = TestModuleImage.build('compat-module');
    enginesBefore = (await backend.getEngines()).map((e) => e.guid);
  });

  afterAll(async () => {
    await destroyEnclaves(enclaves);
    await otherEngine?.stop();
    for (const e of await backend.getEngines()) if (!enginesBefore.includes(e.guid)) await backend.destroyEngine(e.guid);
    moduleImage?.remove();
  });

  it('takes enclave IDs of the original alphabet, IDs that Docker names cannot start with included', () => {
    for (const id of [oldStyle, leadingUnderscore]) {
      expect(kurtosis(['enclave', 'new', '--enclave-id', id, '-p'])).toMatchObject({ status: 0, stdout: `${id}\n` });
      expect(kurtosis(['service', 'add', id, 'web', 'debian:bookworm-slim', '--', 'sleep', '3600']).status).toBe(0);
      expect(kurtosis(['module', 'load', id, 'm', moduleImage.tag]).status).toBe(0);
      expect(json<{ serviceId: string; partitionId: string }[]>('service', 'ls', id)).toEqual([expect.objectContaining({ serviceId: 'web', status: 'running', partitionId: 'default' })]);
    }
    expect(json<{ enclaveId: string }[]>('enclave', 'ls').map((e) => e.enclaveId)).toEqual(expect.arrayContaining([oldStyle, leadingUnderscore]));
    expect(kurtosis(['enclave', 'new', '--enclave-id', 'a/b']).status).toBe(2);
    for (const id of [oldStyle, leadingUnderscore]) {
      expect(kurtosis(['enclave', 'rm', '-f', id]).status).toBe(0);
      expect(dockerObjectsOfEnclave(id)).toEqual({ containers: [], networks: [], volumes: [] });
    }
  });

  it('accepts the flags of the 2021 CLI', () => {
    const enclaveId = `compat.flags-${process.pid}`;
    enclaves.add(enclaveId);
    const run = kurtosis(['module', 'exec', moduleImage.tag, '--enclave-id', enclaveId, '--kurtosis-log-level', 'debug', '-p', '-a', '0.1.0', '--execute-params', '{"action":"echo","value":7}']);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ echo: { value: 7 }, enclaveId });
    const created = `compat.new-${process.pid}`;
    enclaves.add(created);
    expect(kurtosis(['enclave', 'new', '-i', created, '-p', '-a', '0.1.0']).status).toBe(0);
  });

  it('talks to another engine through --engine and KURTOSIS_ENGINE, and never starts one it was pointed at', async () => {
    otherEngine = await EngineContainer.start();
    const address = `127.0.0.1:${otherEngine.port}`;
    const enclaveId = `compat-other-${process.pid}`;
    enclaves.add(enclaveId);
    expect(kurtosis(['--engine', address, 'enclave', 'new', '--enclave-id', enclaveId]).status).toBe(0);
    expect(kurtosis(['enclave', 'ls', '--engine', address, '-o', 'json']).stdout).toContain(enclaveId);
    expect(kurtosis(['engine', 'status', '-o', 'json'], { env: { KURTOSIS_ENGINE: address } }).stdout).toContain(`"address": "${address}"`);
    const nowhere = kurtosis(['--engine', '127.0.0.1:1', 'enclave', 'ls']);
    expect(nowhere).toMatchObject({ status: 1, stderr: 'Error: No engine answers at 127.0.0.1:1 (from --engine)\n' });
    expect(kurtosis(['enclave', 'new'], { env: { KURTOSIS_ENGINE: 'nonsense' } }).status).toBe(2);
  });

  it('works with no Docker reachable from the CLI, but for the interactive shell', () => {
    const enclaveId = `compat-nodocker-${process.pid}`;
    enclaves.add(enclaveId);
    expect(kurtosis(['enclave', 'new', '--enclave-id', enclaveId]).status).toBe(0);
    expect(kurtosis(['service', 'add', enclaveId, 'web', 'debian:bookworm-slim', '--', 'sh', '-c', 'echo hi; sleep 3600'], { env: NO_DOCKER }).status).toBe(0);
    expect(kurtosis(['module', 'load', enclaveId, 'm', moduleImage.tag], { env: NO_DOCKER }).status).toBe(0);
    for (const args of [
      ['service', 'ls', enclaveId],
      ['service', 'logs', enclaveId, 'web'],
      ['service', 'exec', enclaveId, 'web', 'true'],
      ['service', 'stop', enclaveId, 'web', '-t', '0'],
      ['module', 'ls', enclaveId],
      ['enclave', 'inspect', enclaveId],
      ['enclave', 'logs', enclaveId],
      ['enclave', 'ls'],
    ]) {
      const run = kurtosis(args, { env: NO_DOCKER });
      expect({ args, status: run.status, stderr: run.stderr }).toEqual({ args, status: 0, stderr: expect.any(String) });
    }
    const shell = kurtosis(['service', 'shell', enclaveId, 'web'], { env: NO_DOCKER, input: 'exit 0\n' });
    expect(shell.status).toBe(1);
    expect(shell.stderr).toMatch(/^Error: .*nonexistent\/docker\.sock/);
  });
});
