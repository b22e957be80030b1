// The `kurtosis` command as a user runs it: `npx kurtosis …` subprocesses against the real engine,
// which `module exec` starts itself.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { backend, destroyEnclaves, TestModuleImage, TestServiceImage, workspaceRoot } from '@kurtosis-ts/server-test-kit';

interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

const ROOT = workspaceRoot();

function kurtosis(...args: string[]): CliRun {
  return kurtosisWithInput(undefined, ...args);
}

function kurtosisWithInput(input: string | undefined, ...args: string[]): CliRun {
  const result = spawnSync('npx', ['--no-install', 'kurtosis', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, input });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('kurtosis CLI', () => {
  let moduleImage: TestModuleImage;
  let serviceImage: TestServiceImage;
  const enclaves = new Set<string>();
  let enginesBefore: string[] = [];

  beforeAll(async () => {
    moduleImage = TestModuleImage.build('cli-module');
    serviceImage = TestServiceImage.build('cli-service');
    enginesBefore = (await backend.getEngines()).map((e) => e.guid);
  });

  afterAll(async () => {
    await destroyEnclaves(enclaves);
    // Only the engine this test started goes; one that ran before stays.
    for (const e of await backend.getEngines()) if (!enginesBefore.includes(e.guid)) await backend.destroyEngine(e.guid);
    moduleImage?.remove();
    serviceImage?.remove();
  });

  it('module exec prints only the result on stdout and the module logs on stderr', () => {
    const run = kurtosis('module', 'exec', moduleImage.tag, '--execute-params', '{"action":"echo","value":42}');
    const result = JSON.parse(run.stdout);
    enclaves.add(result.enclaveId);
    expect(run.status).toBe(0);
    expect(result).toEqual({ echo: { action: 'echo', value: 42 }, loadParams: {}, enclaveId: expect.stringMatching(/^cli-module-\d+$/), dataDir: '/kurtosis-enclave-data' });
    const logs = run.stderr.slice(run.stderr.indexOf('MODULE LOGS'), run.stderr.indexOf('END MODULE LOGS'));
    expect(logs).toContain(`test module starting in enclave ${result.enclaveId}`);
    expect(run.stderr).toContain(`kurtosis enclave rm -f ${result.enclaveId}`);
  });

  it('module exec takes params from @file and an explicit enclave ID, and its enclave is listed', () => {
    const enclaveId = `cli-explicit-${process.pid}`;
    enclaves.add(enclaveId);
    const paramsFile = path.join(ROOT, 'packages/cli/test/fixtures/start-service-params.json');
    fs.writeFileSync(paramsFile, JSON.stringify({ action: 'start-service', serviceId: 'web', image: serviceImage.tag }));
    const run = kurtosis('module', 'exec', moduleImage.tag, '--enclave-id', enclaveId, '--execute-params', `@${paramsFile}`);
    fs.rmSync(paramsFile);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ serviceId: 'web' });

    const ls = kurtosis('enclave', 'ls', '--json');
    expect(ls.status).toBe(0);
    expect(JSON.parse(ls.stdout)).toContainEqual(expect.objectContaining({ enclaveId, containersStatus: 'RUNNING', apiContainerStatus: 'RUNNING' }));

    const inspect = kurtosis('enclave', 'inspect', enclaveId, '--json');
    expect(inspect.status).toBe(0);
    expect(JSON.parse(inspect.stdout)).toMatchObject({ services: [expect.objectContaining({ serviceId: 'web' })], modules: [expect.objectContaining({ status: 'running' })] });

    const logs = kurtosis('service', 'logs', enclaveId, 'web');
    expect(logs.status).toBe(0);
    expect(logs.stdout).toContain('listening on 8080');

    const exec = kurtosis('service', 'exec', enclaveId, 'web', 'sh', '-c', 'echo hi; exit 3');
    expect(exec).toMatchObject({ status: 3, stdout: 'hi\n' });

    // The lifecycle verbs, and their refusals.
    expect(kurtosis('service', 'pause', enclaveId, 'web')).toMatchObject({ status: 0, stdout: 'web: paused\n' });
    const pauseAgain = kurtosis('service', 'pause', enclaveId, 'web');
    expect(pauseAgain.status).toBe(1);
    expect(pauseAgain.stderr).toContain("Service 'web' is paused; only a running service can be paused");
    expect(kurtosis('service', 'unpause', enclaveId, 'web')).toMatchObject({ status: 0, stdout: 'web: running\n' });
    expect(kurtosis('service', 'stop', enclaveId, 'web', '--timeout', 'soon').status).toBe(2);
    expect(kurtosis('service', 'stop', enclaveId, 'web', '--timeout', '0')).toMatchObject({ status: 0, stdout: 'web: stopped\n' });
    expect(kurtosis('service', 'restart', enclaveId, 'web')).toMatchObject({ status: 0, stdout: 'web: running\n' });
    expect(kurtosis('service', 'kill', enclaveId, 'web', '--signal', 'KILL')).toMatchObject({ status: 0, stdout: 'web: stopped\n' });

    const rm = kurtosis('enclave', 'rm', '-f', enclaveId);
    expect(rm.status).toBe(0);
    expect(JSON.parse(kurtosis('enclave', 'ls', '--json').stdout).map((e: { enclaveId: string }) => e.enclaveId)).not.toContain(enclaveId);
  });

  it('module exec of a module refusing its params exits 2, says why, and removes the enclave (failure-cleanup.integration.ts has the rest)', () => {
    const enclaveId = `cli-failing-${process.pid}`;
    enclaves.add(enclaveId);
    const run = kurtosis('module', 'exec', moduleImage.tag, '--enclave-id', enclaveId, '--execute-params', '{"action":"fail","why":"no datastores"}');
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('bad params: no datastores');
    expect(run.stderr).toContain(`Removed enclave ${enclaveId}`);
    expect(JSON.parse(kurtosis('enclave', 'ls', '--json').stdout).map((e: { enclaveId: string }) => e.enclaveId)).not.toContain(enclaveId);
  });

  it('rejects invalid params with exit code 2 before creating anything', () => {
    const before = kurtosis('enclave', 'ls', '--json').stdout;
    const run = kurtosis('module', 'exec', moduleImage.tag, '--execute-params', '{"action":');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--execute-params is not valid JSON');
    expect(kurtosis('enclave', 'ls', '--json').stdout).toBe(before);
    expect(kurtosis('module', 'exec').status).toBe(2);
    expect(kurtosis('no-such-command').status).toBe(2);
  });

  it('has --help on every command', () => {
    for (const command of [[], ['module', 'exec'], ['enclave', 'ls'], ['service', 'logs'], ['engine', 'status'], ['clean']]) {
      const run = kurtosis(...command, '--help');
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('Usage: kurtosis');
    }
  });

  it('adds a service to a new enclave, opens a shell in it, and dumps the enclave', () => {
    const enclaveId = `cli-services-${process.pid}`;
    enclaves.add(enclaveId);
    expect(kurtosis('enclave', 'new', '--enclave-id', enclaveId)).toMatchObject({ status: 0, stdout: `${enclaveId}\n` });

    const add = kurtosis('service', 'add', enclaveId, 'web', serviceImage.tag, '--ports', 'http=8080', '--env', 'ROLE=web', '--json');
    expect(add.status).toBe(0);
    const added = JSON.parse(add.stdout);
    expect(added.publicPorts.http).toMatch(/^127\.0\.0\.1:\d+\/tcp$/);
    expect(kurtosis('service', 'add', enclaveId, 'bad', serviceImage.tag, '--ports', 'http=0').status).toBe(2);

    const shell = kurtosisWithInput('echo "role=$ROLE"; exit 4\n', 'service', 'shell', enclaveId, 'web');
    expect(shell.status).toBe(4);
    expect(shell.stdout).toContain('role=web');

    const dumpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kurtosis-dump-'));
    try {
      expect(kurtosis('enclave', 'dump', enclaveId, dumpDir).status).toBe(0);
      const dumped = fs.readdirSync(dumpDir);
      const webDir = dumped.find((d) => d.includes('--web-'));
      expect(webDir).toBeDefined();
      expect(fs.readFileSync(path.join(dumpDir, webDir as string, 'logs.txt'), 'utf8')).toContain('listening on 8080');
      expect(JSON.parse(fs.readFileSync(path.join(dumpDir, webDir as string, 'inspect.json'), 'utf8')).Config.Labels['com.kurtosistech.id']).toBe('web');
      expect(dumped.some((d) => d.startsWith('kurtosis-api--'))).toBe(true);
    } finally {
      fs.rmSync(dumpDir, { recursive: true, force: true });
    }
    expect(kurtosis('enclave', 'rm', '-f', enclaveId).status).toBe(0);
  });

  // No `clean -a` here: it would destroy every enclave on the Docker host, other suites' included.
  it('reports, stops and restarts the engine', () => {
    expect(JSON.parse(kurtosis('engine', 'status', '--json').stdout)).toMatchObject({ running: true, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(kurtosis('engine', 'stop').status).toBe(0);
    expect(JSON.parse(kurtosis('engine', 'status', '--json').stdout)).toMatchObject({ running: false });
    expect(kurtosis('enclave', 'ls').status).toBe(1);
    expect(kurtosis('engine', 'start').status).toBe(0);
    expect(JSON.parse(kurtosis('engine', 'status', '--json').stdout)).toMatchObject({ running: true });
  });
});
