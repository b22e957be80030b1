// Item 3 of the CLI contract: --version; -o json (objects) on every command that prints data, --json
// its alias; boxed tables on a terminal only, tab-separated rows when piped (--no-headers without the
// header row); NO_COLOR honoured; exit codes 0 / 1 / 2, INVALID_ARGUMENT from the engine being 2; a
// missing enclave or service an error naming it; one-line errors (stacks only with --debug); the
// stdout and stderr of `service exec` kept apart.
import { CLIENT_VERSION } from '@kurtosis-ts/engine-client';
import { backend, destroyEnclaves, TestModuleImage } from '@kurtosis-ts/server-test-kit';
import { json, kurtosis, kurtosisInPty } from './cli-runner';

const STACK_LINE = /^\s+at /m;
// eslint-disable-next-line no-control-regex -- matching terminal escape codes is the point
const SGR = /\u001b\[[0-9;]*m/;

describe('one output contract', () => {
  let moduleImage: TestModuleImage;
  const enclaveId = `cli-contract-${process.pid}`;
  let enginesBefore: string[] = [];

  beforeAll(async () => {
    moduleImage = TestModuleImage.build('contract-module');
    enginesBefore = (await backend.getEngines()).map((e) => e.guid);
    expect(kurtosis(['enclave', 'new', '--enclave-id', enclaveId]).status).toBe(0);
    expect(kurtosis(['service', 'add', enclaveId, 'web', 'debian:bookworm-slim', '--ports', 'http=8080', '--', 'sleep', '3600']).status).toBe(0);
    expect(kurtosis(['module', 'load', enclaveId, 'm', moduleImage.tag]).status).toBe(0);
  });

  afterAll(async () => {
    await destroyEnclaves([enclaveId]);
    for (const e of await backend.getEngines()) if (!enginesBefore.includes(e.guid)) await backend.destroyEngine(e.guid);
    moduleImage?.remove();
  });

  it('prints the version with --version, -V and the 2021 --cli-version', () => {
    for (const flag of ['--version', '-V', '--cli-version']) expect(kurtosis([flag])).toMatchObject({ status: 0, stdout: `${CLIENT_VERSION}\n` });
  });

  it('answers objects with -o json and --json alike, on every command that prints data', () => {
    expect(json<{ enclaveId: string }[]>('enclave', 'ls')).toContainEqual(expect.objectContaining({ enclaveId, containersStatus: 'RUNNING' }));
    expect(JSON.parse(kurtosis(['enclave', 'ls', '--json']).stdout)).toEqual(json('enclave', 'ls'));
    expect(json<object[]>('service', 'ls', enclaveId)).toEqual([expect.objectContaining({ serviceId: 'web', status: 'running' })]);
    expect(json<object[]>('module', 'ls', enclaveId)).toEqual([expect.objectContaining({ moduleId: 'm', status: 'running', image: moduleImage.tag })]);
    expect(json('version')).toMatchObject({ cli: CLIENT_VERSION });
    expect(json('engine', 'status')).toMatchObject({ running: true });
    expect(json('enclave', 'inspect', enclaveId)).toMatchObject({ enclaveId, services: [expect.objectContaining({ serviceId: 'web' })] });
    const created = `${enclaveId}-json`;
    try {
      expect(json('enclave', 'new', '--enclave-id', created)).toMatchObject({ enclaveId: created, apiContainerStatus: 'RUNNING' });
    } finally {
      expect(kurtosis(['enclave', 'rm', '-f', created]).status).toBe(0);
    }
  });

  it('prints tab-separated rows when piped, without the header with --no-headers, and boxes only on a terminal', () => {
    const piped = kurtosis(['service', 'ls', enclaveId]);
    expect(piped.stdout).toMatch(/^SERVICE\tSTATUS\tPRIVATE IP\tPORTS\tPARTITION\nweb\trunning\t172\.\d+\.\d+\.\d+\thttp: 8080\/tcp → 127\.0\.0\.1:\d+\t-\n$/);
    expect(piped.stdout).not.toContain('│');
    expect(kurtosis(['service', 'ls', enclaveId, '--no-headers']).stdout).toMatch(/^web\trunning\t/);
    const terminal = kurtosisInPty(['service', 'ls', enclaveId], { columns: 160 });
    expect(terminal.stdout).toContain('│ SERVICE │');
  });

  it('honours NO_COLOR on a colour terminal', () => {
    const coloured = kurtosisInPty(['enclave', 'logs', enclaveId], { columns: 160 });
    expect(coloured.stdout).toMatch(SGR);
    const plain = kurtosisInPty(['enclave', 'logs', enclaveId], { columns: 160, env: { NO_COLOR: '1' } });
    expect(plain.status).toBe(0);
    expect(plain.stdout).toContain('m | ');
    expect(plain.stdout).not.toMatch(SGR);
    const progress = kurtosisInPty(['service', 'rm', enclaveId, 'nope'], { columns: 160, env: { NO_COLOR: '1' } });
    expect(progress.stdout).not.toMatch(SGR);
  });

  it('exits 2 for usage errors, also those the engine finds, and 1 naming what is missing', () => {
    const badId = kurtosis(['enclave', 'new', '--enclave-id', 'a b']);
    expect(badId.status).toBe(2);
    expect(badId.stderr).toMatch(/^Error: Creating enclave 'a b': enclave ID 'a b' is invalid/m);
    expect(kurtosis(['service', 'ls', enclaveId, '-o', 'yaml']).status).toBe(2);
    expect(kurtosis(['service', 'logs', enclaveId, 'web', '--tail', 'many']).status).toBe(2);

    const noEnclave = kurtosis(['service', 'ls', 'no-such-enclave']);
    expect(noEnclave.status).toBe(1);
    expect(noEnclave.stderr).toBe("Error: Getting enclave 'no-such-enclave': no such enclave exists\n");
    const noService = kurtosis(['service', 'logs', enclaveId, 'nope']);
    expect(noService.status).toBe(1);
    expect(noService.stderr).toContain("'nope'");
    const noModule = kurtosis(['module', 'call', enclaveId, 'nope']);
    expect(noModule.status).toBe(1);
    expect(noModule.stderr).toContain("'nope'");
  });

  it('says in one line what failed and why, with the stack only under --debug', () => {
    const dump = kurtosis(['enclave', 'dump', enclaveId, '/etc/passwd']);
    expect(dump).toMatchObject({ status: 2, stderr: 'Error: /etc/passwd exists and is not a folder; give a new or empty folder\n' });
    const noDocker = kurtosis(['engine', 'status'], { env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' } });
    expect(noDocker.status).toBe(1);
    expect(noDocker.stderr.trim().split('\n')).toHaveLength(1);
    expect(noDocker.stderr).toMatch(/^Error: .*\/nonexistent\/docker\.sock/);
    expect(noDocker.stderr).not.toMatch(STACK_LINE);
    expect(kurtosis(['engine', 'status', '--debug'], { env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' } }).stderr).toMatch(STACK_LINE);
  });

  it("keeps a command's stdout and stderr apart in service exec, with its exit code", () => {
    const exec = kurtosis(['service', 'exec', enclaveId, 'web', '--', 'sh', '-c', 'echo to-out; echo to-err >&2; exit 3']);
    expect(exec).toMatchObject({ status: 3, stdout: 'to-out\n', stderr: 'to-err\n' });
  });
});
