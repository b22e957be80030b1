import { status } from '@grpc/grpc-js';
import { DomainError } from '@kurtosis-ts/domain';
import { toStatusError } from '../grpc/to-status-error';
import { ExternalRegistrations, MAX_OUTSTANDING_RESERVATIONS, RESERVATION_TTL_MS } from './external-registrations';

function codeOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return toStatusError(err, 'test').code;
    throw err;
  }
  return undefined;
}

describe('ExternalRegistrations', () => {
  let now: number;
  let keys: number;
  let nextIp: number;
  const takeIp = () => `172.16.0.${nextIp++}`;
  const make = () => new ExternalRegistrations([], { now: () => now, newKey: () => `key-${keys++}` });

  beforeEach(() => {
    now = 1_000_000;
    keys = 0;
    nextIp = 10;
  });

  it('reserves an IP under a key, and records the container that finishes it', () => {
    const registrations = make();
    const reservation = registrations.reserve(takeIp);
    expect(reservation).toEqual({ key: 'key-0', ip: '172.16.0.10', expiresAtMs: now + RESERVATION_TTL_MS });
    expect(registrations.containerIps()).toEqual([]);
    expect(registrations.finish('key-0', 'abc123')).toEqual({ key: 'key-0', containerId: 'abc123', ip: '172.16.0.10' });
    expect(registrations.containerIps()).toEqual(['172.16.0.10']);
    expect(registrations.outstandingCount()).toBe(0);
    // A key finishes once.
    expect(codeOf(() => registrations.finish('key-0', 'other'))).toBe(status.NOT_FOUND);
  });

  it('refuses unknown keys with NOT_FOUND, quoting them', () => {
    const registrations = make();
    expect(() => registrations.reservation('nope')).toThrow("key 'nope'");
    expect(codeOf(() => registrations.reservation('nope'))).toBe(status.NOT_FOUND);
  });

  it('caps outstanding reservations without taking an IP, naming the cap', () => {
    const registrations = make();
    for (let i = 0; i < MAX_OUTSTANDING_RESERVATIONS; i++) registrations.reserve(takeIp);
    const ipsTaken = nextIp;
    expect(codeOf(() => registrations.reserve(takeIp))).toBe(status.RESOURCE_EXHAUSTED);
    expect(() => registrations.reserve(takeIp)).toThrow(`(${MAX_OUTSTANDING_RESERVATIONS})`);
    expect(nextIp).toBe(ipsTaken);
    // Finishing one makes room for one more.
    registrations.finish('key-0', 'c');
    expect(registrations.reserve(takeIp).ip).toBe(`172.16.0.${ipsTaken}`);
  });

  it('expires unfinished reservations after the TTL and hands them back for release', () => {
    const registrations = make();
    registrations.reserve(takeIp);
    now += RESERVATION_TTL_MS - 1;
    registrations.reserve(takeIp);
    expect(registrations.sweepExpired()).toEqual([]);
    now += 1;
    // Expired: no longer finishable, even before a sweep.
    expect(codeOf(() => registrations.finish('key-0', 'late'))).toBe(status.NOT_FOUND);
    expect(registrations.sweepExpired().map((r) => r.ip)).toEqual(['172.16.0.10']);
    expect(registrations.outstandingCount()).toBe(1);
    expect(registrations.reservation('key-1').ip).toBe('172.16.0.11');
  });

  it('keeps finished registrations from a state file, and never expires them', () => {
    const registrations = new ExternalRegistrations([{ key: 'k', containerId: 'c', ip: '172.16.0.40' }], { now: () => now });
    now += 10 * RESERVATION_TTL_MS;
    expect(registrations.sweepExpired()).toEqual([]);
    expect(registrations.containers()).toEqual([{ key: 'k', containerId: 'c', ip: '172.16.0.40' }]);
    expect(registrations.containerIps()).toEqual(['172.16.0.40']);
  });
});
