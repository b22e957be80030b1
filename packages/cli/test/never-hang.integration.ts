// Item 1 of the CLI contract: no command hangs or floods a terminal that reports 0 columns (CI
// runners, IDE consoles, `script`), none spins under CI=true, and every command reacts to SIGINT and
// SIGTERM within a second — saying what it does about it — and leaves nothing running.
import { backend, destroyEnclaves, dockerObjectsOfEnclave, TestModuleImage } from '@kurtosis-ts/server-test-kit';
import { cliProcessesRunning, kurtosis, kurtosisInPty, RunningCli } from './cli-runner';

const NOTHING = { containers: [], networks: [], volumes: [] };
// ora hides the cursor while it spins and redraws the line with cursor-to-column-1 codes.
// eslint-disable-next-line no-control-regex -- matching terminal escape codes is the point
const SPINNER_CODES = /\u001b\[\?25l|\u001b\[1G/;

describe('no hangs, no floods, clean interrupts', () => {
  let moduleImage: TestModuleImage;
  const enclaves = new Set<string>();
  let enginesBefore: string[] = [];
  const id = (name: string) => {
    const enclaveId = `cli-nohang-${name}-${process.pid}`;
    enclaves.add(enclaveId);
    return enclaveId;
  };

  beforeAll(async () => {
    moduleImage = TestModuleImage.build('nohang-module');
    enginesBefore = (await backend.getEngines()).map((e) => e.guid);
    expect(kurtosis(['engine', 'start']).status).toBe(0);
  });

  afterAll(async () => {
    await destroyEnclaves(enclaves);
    for (const e of await backend.getEngines()) if (!enginesBefore.includes(e.guid)) await backend.destroyEngine(e.guid);
    moduleImage?.remove();
  });

  it('finishes every long command under a 0-column pseudo-terminal, with a few lines of output and no spinner', () => {
    const enclaveId = id('zero');
    const runs = [
      kurtosisInPty(['module', 'exec', moduleImage.tag, '--enclave-id', enclaveId, '--execute-params', '{"action":"echo","value":1}'], { timeoutMs: 90_000 }),
      kurtosisInPty(['service', 'add', enclaveId, 'web', 'debian:bookworm-slim', '--', 'sleep', '3600'], { timeoutMs: 60_000 }),
      kurtosisInPty(['service', 'rm', enclaveId, 'web', '-t', '0'], { timeoutMs: 60_000 }),
      kurtosisInPty(['enclave', 'stop', enclaveId], { timeoutMs: 60_000 }),
      kurtosisInPty(['enclave', 'rm', enclaveId], { timeoutMs: 60_000 }),
    ];
    for (const run of runs) {
      expect({ status: run.status, output: run.stdout }).toEqual({ status: 0, output: expect.any(String) });
      expect(run.stdout.length).toBeLessThan(20_000);
      expect(run.stdout).not.toMatch(SPINNER_CODES);
    }
    expect(runs[0].stdout).toContain(`Creating enclave ${enclaveId}…`);
    expect(runs[2].stdout).toMatch(/Removed service web \(\d+/);
    expect(dockerObjectsOfEnclave(enclaveId)).toEqual(NOTHING);
  });

  it('prints plain progress under CI=true even on a terminal with a width, and spins only without it', () => {
    const enclaveId = id('ci');
    const ci = kurtosisInPty(['enclave', 'new', '--enclave-id', enclaveId], { columns: 120, env: { CI: 'true' } });
    expect(ci.status).toBe(0);
    expect(ci.stdout).not.toMatch(SPINNER_CODES);
    expect(ci.stdout).toMatch(new RegExp(`Creating enclave ${enclaveId}…\\r\\nCreated enclave ${enclaveId} \\(`));
    const tty = kurtosisInPty(['enclave', 'rm', '-f', enclaveId], { columns: 120 });
    expect(tty.status).toBe(0);
    expect(tty.stdout).toMatch(SPINNER_CODES);
    expect(tty.stdout).toContain(`Removed enclave ${enclaveId}`);
  });

  it('Ctrl-C in module exec answers within 1 s, removes the enclave it created, exits 130 and leaves nothing running', async () => {
    const enclaveId = id('ctrlc');
    const run = RunningCli.start(['module', 'exec', moduleImage.tag, '--enclave-id', enclaveId, '--execute-params', '{"action":"sleep","ms":120000}'], { pty: true });
    try {
      await run.waitForOutput('MODULE LOGS', 90_000);
      const sentAt = run.ctrlC();
      await run.waitForOutput('Interrupted (SIGINT): removing enclave', 5_000);
      const reactedMs = Date.now() - sentAt;
      const exit = await run.done(60_000);
      expect(reactedMs).toBeLessThan(1_000);
      expect(exit.code).toBe(130);
      expect(run.stdout).toContain(`Removed enclave ${enclaveId}`);
      expect(dockerObjectsOfEnclave(enclaveId)).toEqual(NOTHING);
      expect(cliProcessesRunning(enclaveId)).toEqual([]);
      console.log(`Ctrl-C answered in ${reactedMs} ms; the enclave was gone ${exit.atMs - sentAt} ms after it`);
    } finally {
      run.kill();
    }
  });

  it('SIGTERM while the enclave is being created waits for the create, removes the enclave and exits 143', async () => {
    const enclaveId = id('term');
    const run = RunningCli.start(['module', 'exec', moduleImage.tag, '--enclave-id', enclaveId, '--execute-params', '{"action":"sleep","ms":120000}']);
    try {
      await run.waitForOutput(`Creating enclave ${enclaveId}`, 60_000);
      const sentAt = run.signal('SIGTERM');
      await run.waitForOutput('Interrupted (SIGTERM)', 5_000);
      expect(Date.now() - sentAt).toBeLessThan(1_000);
      const exit = await run.done(60_000);
      expect(exit.code).toBe(143);
      expect(run.stderr).toMatch(new RegExp(`Removed enclave ${enclaveId}|Enclave ${enclaveId} was not created`));
      expect(dockerObjectsOfEnclave(enclaveId)).toEqual(NOTHING);
    } finally {
      run.kill();
    }
  });

  it('a command with nothing to clean up (logs -f) exits at once on SIGINT and SIGTERM', async () => {
    const enclaveId = id('follow');
    expect(kurtosis(['enclave', 'new', '--enclave-id', enclaveId]).status).toBe(0);
    expect(kurtosis(['module', 'load', enclaveId, 'm', moduleImage.tag]).status).toBe(0);
    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
      const run = RunningCli.start(['enclave', 'logs', enclaveId, '-f']);
      try {
        await run.waitForOutput('m | ', 30_000);
        const sentAt = run.signal(signal);
        const exit = await run.done(5_000);
        expect({ signal, code: exit.code }).toEqual({ signal, code });
        expect(exit.atMs - sentAt).toBeLessThan(1_000);
      } finally {
        run.kill();
      }
    }
    expect(kurtosis(['enclave', 'rm', '-f', enclaveId]).status).toBe(0);
  });
});
