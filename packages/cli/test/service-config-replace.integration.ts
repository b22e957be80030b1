// `service config` and `service replace` through the real engine and API container: the
// configuration a service was started with (never the image's own env), a replacement keeping its
// IP, a whole configuration on stdin, a replacement that cannot start leaving the old one running,
// and usage errors exiting 2 before anything changes.
import { backend, destroyEnclaves } from '@kurtosis-ts/server-test-kit';
import { json, kurtosis } from './cli-runner';

interface PrintedConfig {
  serviceId: string;
  image: string;
  cmd: string[];
  entrypoint: string[];
  env: Record<string, string>;
  ports: Record<string, { number: number; protocol: string }>;
  partitionId: string;
  privateIp: string;
}

describe('service config and service replace', () => {
  const enclaveId = `cli-replace-${process.pid}`;
  let enginesBefore: string[] = [];

  beforeAll(async () => {
    enginesBefore = (await backend.getEngines()).map((e) => e.guid);
    expect(kurtosis(['enclave', 'new', '--enclave-id', enclaveId]).status).toBe(0);
    const added = kurtosis(['service', 'add', enclaveId, 'web', 'debian:bookworm-slim', '--ports', 'http=8080', '-e', 'MODE=fast', '--', 'sleep', '3600']);
    expect(added.status).toBe(0);
  });

  afterAll(async () => {
    await destroyEnclaves([enclaveId]);
    for (const e of await backend.getEngines()) if (!enginesBefore.includes(e.guid)) await backend.destroyEngine(e.guid);
  });

  it('prints what the service was started with, as a table and as JSON', () => {
    const config = json<PrintedConfig>('service', 'config', enclaveId, 'web');
    expect(config).toMatchObject({
      serviceId: 'web',
      image: 'debian:bookworm-slim',
      cmd: ['sleep', '3600'],
      entrypoint: [],
      // Only what was given: the image's PATH is not part of it.
      env: { MODE: 'fast' },
      ports: { http: { number: 8080, protocol: 'TCP' } },
      partitionId: 'default',
    });
    const table = kurtosis(['service', 'config', enclaveId, 'web']);
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/^env\tMODE=fast$/m);
    expect(table.stdout).toMatch(/^cmd\t\["sleep","3600"\]$/m);
  });

  it('replaces the container keeping the IP; the new env is what the process sees', () => {
    const before = json<PrintedConfig>('service', 'config', enclaveId, 'web');
    const replaced = kurtosis(['service', 'replace', enclaveId, 'web', '-e', 'MODE=safe', '-e', 'LEVEL=debug', '-t', '1']);
    expect(replaced.status).toBe(0);
    expect(replaced.stderr).toMatch(/Replaced service web in enclave cli-replace-\d+/);
    expect(replaced.stdout).toMatch(new RegExp(`^web\\tdebian:bookworm-slim\\t${before.privateIp.replace(/\./g, '\\.')}\\thttp: 127\\.0\\.0\\.1:\\d+/tcp$`, 'm'));
    expect(kurtosis(['service', 'exec', enclaveId, 'web', '--', 'printenv', 'MODE', 'LEVEL']).stdout).toBe('safe\ndebug\n');
    expect(json<PrintedConfig>('service', 'config', enclaveId, 'web')).toEqual({ ...before, env: { MODE: 'safe', LEVEL: 'debug' } });
  });

  it('takes a whole configuration on stdin, as service config -o json prints it', () => {
    const config = json<PrintedConfig>('service', 'config', enclaveId, 'web');
    const changed = JSON.stringify({ ...config, cmd: ['sleep', '7200'], env: {} });
    expect(kurtosis(['service', 'replace', enclaveId, 'web', '--config', '@-', '-t', '1'], { input: changed }).status).toBe(0);
    expect(kurtosis(['service', 'exec', enclaveId, 'web', '--', 'cat', '/proc/1/cmdline']).stdout).toBe('sleep\u00007200\u0000');
    expect(json<PrintedConfig>('service', 'config', enclaveId, 'web')).toMatchObject({ cmd: ['sleep', '7200'], env: {}, privateIp: config.privateIp });
  });

  it('leaves the old container running when the new one cannot start, and exits 1 saying so', () => {
    const before = json<PrintedConfig>('service', 'config', enclaveId, 'web');
    const failed = kurtosis(['service', 'replace', enclaveId, 'web', '--entrypoint', '/no/such/entrypoint', '-t', '1']);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/^Error: .*Replacing service 'web' failed, the old configuration runs again: /m);
    expect(json<PrintedConfig>('service', 'config', enclaveId, 'web')).toEqual(before);
    expect(kurtosis(['service', 'exec', enclaveId, 'web', '--', 'cat', '/proc/1/cmdline']).stdout).toBe('sleep\u00007200\u0000');
  });

  it('exits 2 for a configuration that is not one, and for a missing image names it, changing nothing', () => {
    const before = json<PrintedConfig>('service', 'config', enclaveId, 'web');
    const notConfig = kurtosis(['service', 'replace', enclaveId, 'web', '--config', '{"image": 1}']);
    expect(notConfig.status).toBe(2);
    expect(notConfig.stderr).toMatch(/--config is not a service configuration/);
    expect(kurtosis(['service', 'replace', enclaveId, 'web', '-e', '=x']).status).toBe(2);
    const missing = kurtosis(['service', 'replace', enclaveId, 'web', '--image', 'kurtosis-ts-test/no-such-image:1']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/no-such-image/);
    expect(json<PrintedConfig>('service', 'config', enclaveId, 'web')).toEqual(before);
  });
});
