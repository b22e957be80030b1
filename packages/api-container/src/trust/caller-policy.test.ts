import { callerIpOf, CallerPolicy } from './caller-policy';

describe('callerIpOf', () => {
  it.each([
    ['172.16.0.1:53422', '172.16.0.1'],
    ['::ffff:172.16.0.1:53422', '172.16.0.1'],
    ['[::ffff:172.16.0.1]:53422', '172.16.0.1'],
    ['172.16.0.1', '172.16.0.1'],
    ['unknown', undefined],
    ['[::1]:4000', undefined],
    ['', undefined],
  ])('reads %p as %p', (peer, ip) => {
    expect(callerIpOf(peer)).toBe(ip);
  });
});

describe('CallerPolicy', () => {
  const modules = new Set(['172.16.0.5']);
  const externals = new Set(['172.16.0.9']);
  const policy = new CallerPolicy({ hostClientIp: '172.16.0.1', moduleIps: () => modules, externalContainerIps: () => externals });

  it('allows host clients (the gateway), modules and external containers', () => {
    expect(policy.classify('172.16.0.1:5000')).toBe('host');
    expect(policy.classify('::ffff:172.16.0.5:5000')).toBe('module');
    expect(policy.classify('172.16.0.9:5000')).toBe('external-container');
    expect(policy.explainDenied('172.16.0.5:5000', 'RegisterService')).toBeUndefined();
  });

  it('refuses everyone else, naming the call and the caller', () => {
    expect(policy.explainDenied('172.16.0.7:41000', 'RegisterService')).toMatch(/^RegisterService refused for caller 172\.16\.0\.7:41000: .*services of the enclave may not/);
    expect(policy.explainDenied('unknown', 'GetServices')).toContain('caller unknown');
  });

  it('decides against the current state: a module unloaded loses access, a new one gains it', () => {
    const ips = new Set(['172.16.0.20']);
    const live = new CallerPolicy({ hostClientIp: '172.16.0.1', moduleIps: () => ips, externalContainerIps: () => [] });
    expect(live.classify('172.16.0.20:1')).toBe('module');
    ips.delete('172.16.0.20');
    expect(live.classify('172.16.0.20:1')).toBeUndefined();
    ips.add('172.16.0.21');
    expect(live.classify('172.16.0.21:1')).toBe('module');
  });

  it('bounds a long peer string in its message', () => {
    expect(policy.explainDenied(`${'9'.repeat(10_000)}:1`, 'X')?.length).toBeLessThan(400);
  });
});
