// Item 4 of the CLI contract: `--` before a command's own args, several IDs where docker takes
// several, logs --tail / --since / --timestamps, @- for stdin, progress and a final line for every
// mutating command, shell completion, examples in help.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { backend, destroyEnclaves, dockerObjectsOfEnclave, TestModuleImage } from '@kurtosis-ts/server-test-kit';
import { KURTOSIS_BIN, kurtosis } from './cli-runner';

describe('docker habits', () => {
  let moduleImage: TestModuleImage;
  const enclaveId = `cli-habits-${process.pid}`;
  const enclaves = new Set<string>([enclaveId]);
  let enginesBefore: string[] = [];

  beforeAll(async () => {
    moduleImage = TestModuleImage.build('habits-module');
    enginesBefore = (await backend.getEngines()).map((e) => e.guid);
    expect(kurtosis(['enclave', 'new', '--enclave-id', enclaveId]).status).toBe(0);
  });

  afterAll(async () => {
    await destroyEnclaves(enclaves);
    for (const e of await backend.getEngines()) if (!enginesBefore.includes(e.guid)) await backend.destroyEngine(e.guid);
    moduleImage?.remove();
  });

  it("runs what follows -- as the service's command, and reads its logs with --tail, --since and --timestamps", () => {
    // Docker copies stdout and stderr on separate goroutines, so lines written to both streams within
    // the same instant can land in its log in either order; the pause keeps "oops" last in the log,
    // which is what --tail counts from.
    const add = kurtosis(['service', 'add', enclaveId, 'worker', 'debian:bookworm-slim', '--', 'sh', '-c', 'echo first; echo second; sleep 1; echo oops >&2; sleep 3600']);
    expect(add.status).toBe(0);
    expect(add.stderr).toMatch(/Started service worker in enclave .* \(\d/);
    // The command runs on after the service started: wait (bounded) until it has written all three lines.
    const deadline = Date.now() + 20_000;
    let logs = kurtosis(['service', 'logs', enclaveId, 'worker']);
    while (!(logs.stdout.includes('second') && logs.stderr.includes('oops')) && Date.now() < deadline) logs = kurtosis(['service', 'logs', enclaveId, 'worker']);
    expect(logs).toMatchObject({ status: 0, stdout: 'first\nsecond\n', stderr: 'oops\n' });
    // As docker counts: the last lines of the output, both streams together.
    expect(kurtosis(['service', 'logs', enclaveId, 'worker', '--tail', '2'])).toMatchObject({ stdout: 'second\n', stderr: 'oops\n' });
    expect(kurtosis(['service', 'logs', enclaveId, 'worker', '--since', '1h']).stdout).toBe('first\nsecond\n');
    expect(kurtosis(['service', 'logs', enclaveId, 'worker', '--since', '2999-01-01']).stdout).toBe('');
    expect(kurtosis(['service', 'logs', enclaveId, 'worker', '-t']).stdout).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z first\n/);
  });

  it('removes several services and several enclaves at once, with progress and a final line for each', () => {
    for (const s of ['a', 'b']) expect(kurtosis(['service', 'add', enclaveId, s, 'debian:bookworm-slim', '--', 'sleep', '3600']).status).toBe(0);
    const rm = kurtosis(['service', 'rm', enclaveId, 'a', 'b']);
    expect(rm.status).toBe(0);
    expect(rm.stderr).toMatch(/Removing service a \(up to 10 s for it to stop\)…\nRemoved service a \(.*\)\nRemoving service b .*…\nRemoved service b \(.*\)\n/);
    const others = [`${enclaveId}-x`, `${enclaveId}-y`];
    for (const id of others) {
      enclaves.add(id);
      expect(kurtosis(['enclave', 'new', '--enclave-id', id]).status).toBe(0);
    }
    const stop = kurtosis(['enclave', 'stop', ...others]);
    expect(stop.stderr).toContain(`Stopped enclave ${others[0]}`);
    expect(stop.stderr).toContain(`Stopped enclave ${others[1]}`);
    expect(kurtosis(['enclave', 'rm', others[0], 'no-such-enclave']).status).toBe(1);
    expect(kurtosis(['enclave', 'rm', ...others])).toMatchObject({ status: 0, stderr: expect.stringContaining(`Removed enclave ${others[1]}`) });
    for (const id of others) expect(dockerObjectsOfEnclave(id)).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('reads params from standard input with @-', () => {
    const run = kurtosis(['module', 'exec', moduleImage.tag, '--enclave-id', `${enclaveId}-stdin`, '--execute-params', '@-'], { input: '{"action":"echo","value":"piped"}' });
    enclaves.add(`${enclaveId}-stdin`);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ echo: { action: 'echo', value: 'piped' } });
  });

  it('completes topics, verbs, options and enclave IDs in bash', () => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'kurtosis-completion-'));
    try {
      fs.writeFileSync(path.join(bin, 'kurtosis'), `#!/bin/sh\nexec "${process.execPath}" "${KURTOSIS_BIN}" "$@"\n`, { mode: 0o755 });
      const complete = (...words: string[]) =>
        spawnSync('bash', ['-c', `source <(kurtosis completion bash); COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _kurtosis_completion; printf '%s\\n' "\${COMPREPLY[@]}"`], {
          encoding: 'utf8',
          env: { ...process.env, PATH: `${bin}:${process.env['PATH']}` },
        }).stdout.trim().split('\n');
      expect(complete('kurtosis', 'enc')).toEqual(['enclave']);
      expect(complete('kurtosis', 'service', 'l')).toEqual(['logs', 'ls']);
      expect(complete('kurtosis', 'service', 'logs', enclaveId, 'worker', '--ti')).toEqual(['--timestamps']);
      expect(complete('kurtosis', 'enclave', 'inspect', enclaveId.slice(0, -2))).toContain(enclaveId);
      expect(complete('kurtosis', 'service', 'logs', enclaveId, 'wo')).toEqual(['worker']);
      for (const shell of ['zsh', 'fish']) expect(kurtosis(['completion', shell]).stdout).toContain('kurtosis __complete');
      expect(kurtosis(['completion', 'tcsh']).status).toBe(2);
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });

  it('shows examples in the help of every verb', () => {
    for (const command of [['service', 'add'], ['enclave', 'rm'], ['module', 'exec'], ['completion'], ['service', 'logs']]) {
      const help = kurtosis([...command, '--help']);
      expect(help.status).toBe(0);
      expect(help.stdout).toMatch(/Examples:\n {2}\$ .*kurtosis /);
    }
    expect(kurtosis(['service', 'add', '--help']).stdout).toContain("-- sh -c '");
  });
});
