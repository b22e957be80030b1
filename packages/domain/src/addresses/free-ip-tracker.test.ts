import { DomainError } from '../errors/domain-error';
import { FreeIpTracker } from './free-ip-tracker';

/** Takes every free address until the tracker throws; returns them and the error. */
function drain(tracker: FreeIpTracker): { ips: string[]; error: unknown } {
  const ips: string[] = [];
  for (;;) {
    try {
      ips.push(tracker.takeFreeIp());
    } catch (error) {
      return { ips, error };
    }
  }
}

describe('FreeIpTracker', () => {
  it.each([
    ['172.16.3.0/24', '172.16.3.1', '172.16.3.2'],
    ['192.168.0.0/16', '192.168.0.1', '192.168.0.2'],
    // A subnet given by one of its host addresses still means its network.
    ['10.0.0.77/24', '10.0.0.1', '10.0.0.2'],
  ])('in %s the gateway is %s and the API container is %s', (subnet, gateway, api) => {
    const tracker = new FreeIpTracker(subnet);
    expect(tracker.gatewayIp).toBe(gateway);
    expect(tracker.apiContainerIp).toBe(api);
  });

  it('hands out the lowest free address first, starting after the gateway', () => {
    const tracker = new FreeIpTracker('172.16.3.0/24');
    expect(tracker.takeFreeIp()).toBe('172.16.3.2');
    expect(tracker.takeFreeIp()).toBe('172.16.3.3');
    expect(tracker.isTaken('172.16.3.2')).toBe(true);
  });

  it('never hands out the network, gateway or broadcast address', () => {
    const { ips } = drain(new FreeIpTracker('172.16.3.0/24'));
    expect(ips).toHaveLength(256 - 3);
    expect(new Set(ips).size).toBe(ips.length);
    expect(ips).not.toContain('172.16.3.0');
    expect(ips).not.toContain('172.16.3.1');
    expect(ips).not.toContain('172.16.3.255');
    expect(ips[ips.length - 1]).toBe('172.16.3.254');
  });

  it('skips addresses marked taken', () => {
    const tracker = new FreeIpTracker('172.16.3.0/24');
    tracker.markTaken('172.16.3.2');
    tracker.markTaken('172.16.3.3');
    expect(tracker.isTaken('172.16.3.3')).toBe(true);
    expect(tracker.takeFreeIp()).toBe('172.16.3.4');
  });

  it('skips addresses taken at construction', () => {
    const tracker = new FreeIpTracker('172.16.3.0/24', ['172.16.3.2', '172.16.3.4']);
    expect(tracker.takeFreeIp()).toBe('172.16.3.3');
    expect(tracker.takeFreeIp()).toBe('172.16.3.5');
  });

  it('hands a released address out again', () => {
    const tracker = new FreeIpTracker('172.16.3.0/24');
    const first = tracker.takeFreeIp();
    tracker.takeFreeIp();
    tracker.release(first);
    expect(tracker.isTaken(first)).toBe(false);
    expect(tracker.takeFreeIp()).toBe(first);
  });

  it.each(['172.16.4.2', '172.16.2.255', '10.0.0.1'])('refuses to mark %s of another subnet taken', (ip) => {
    const tracker = new FreeIpTracker('172.16.3.0/24');
    expect(() => tracker.markTaken(ip)).toThrow(`IP ${ip} is outside subnet 172.16.3.0/24`);
  });

  it('refuses an address outside the subnet at construction', () => {
    expect(() => new FreeIpTracker('172.16.3.0/24', ['172.16.4.2'])).toThrow('outside subnet 172.16.3.0/24');
  });

  it.each([
    ['10.0.0.0/30', ['10.0.0.2']],
    ['10.0.0.8/29', ['10.0.0.10', '10.0.0.11', '10.0.0.12', '10.0.0.13', '10.0.0.14']],
  ])('runs out of addresses in %s, naming the subnet', (subnet, expected) => {
    const { ips, error } = drain(new FreeIpTracker(subnet));
    expect(ips).toEqual(expected);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(`No free IP address is left in subnet ${subnet}`);
    expect((error as DomainError).kind).toBe('exhausted');
  });

  it('has a free address again after a release in a full subnet', () => {
    const tracker = new FreeIpTracker('10.0.0.0/30');
    const only = tracker.takeFreeIp();
    expect(() => tracker.takeFreeIp()).toThrow('10.0.0.0/30');
    tracker.release(only);
    expect(tracker.takeFreeIp()).toBe(only);
  });
});
