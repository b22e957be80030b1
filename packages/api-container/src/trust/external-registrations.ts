// External container registration, the original protocol's way: StartExternalContainerRegistration
// reserves an IP and hands out a key; the caller (who has Docker access on the host) starts its
// container on the enclave network at that IP itself; FinishExternalContainerRegistration only
// records which container holds the key. Nothing here attaches anything to a network.
//
// Pure: the clock and the key maker are injected. Reservations are bounded (a cap on outstanding
// ones, an expiry for unfinished ones) so repeated calls cannot use up the enclave's subnet;
// finished registrations stay, and survive a restart of the API container through its state file.
import { randomUUID } from 'node:crypto';
import { exhausted, notFound } from '@kurtosis-ts/domain';
import { quote } from '@kurtosis-ts/protos';

/** An unfinished reservation expires after this long; its IP is then released. */
export const RESERVATION_TTL_MS = 10 * 60 * 1000;

/** At most this many reservations of one enclave may be outstanding (unfinished) at once. */
export const MAX_OUTSTANDING_RESERVATIONS = 32;

export interface Reservation {
  key: string;
  ip: string;
  expiresAtMs: number;
}

/** A finished registration: this container, at this IP, is part of the enclave. */
export interface ExternalContainer {
  key: string;
  containerId: string;
  ip: string;
}

export interface ExternalRegistrationsOptions {
  now?: () => number;
  newKey?: () => string;
  ttlMs?: number;
  maxOutstanding?: number;
}

export class ExternalRegistrations {
  private readonly reservations = new Map<string, Reservation>();
  private readonly finished = new Map<string, ExternalContainer>();
  private readonly now: () => number;
  private readonly newKey: () => string;
  private readonly ttlMs: number;
  readonly maxOutstanding: number;

  constructor(restored: readonly ExternalContainer[] = [], options: ExternalRegistrationsOptions = {}) {
    this.now = options.now ?? Date.now;
    this.newKey = options.newKey ?? randomUUID;
    this.ttlMs = options.ttlMs ?? RESERVATION_TTL_MS;
    this.maxOutstanding = options.maxOutstanding ?? MAX_OUTSTANDING_RESERVATIONS;
    for (const container of restored) this.finished.set(container.key, { ...container });
  }

  /** Throws RESOURCE_EXHAUSTED when the cap of outstanding reservations is reached. */
  ensureRoom(): void {
    if (this.reservations.size >= this.maxOutstanding) {
      throw exhausted(
        `This enclave already has ${this.reservations.size} external container registrations in progress, the most it allows ` +
          `(${this.maxOutstanding}); finish them, or wait until unfinished ones expire (${Math.round(this.ttlMs / 60_000)} minutes after they started)`,
      );
    }
  }

  /**
   * Reserves the IP `takeIp` hands out, unless the cap is reached (RESOURCE_EXHAUSTED, and `takeIp`
   * is not called). Expired reservations should be swept first (see `sweepExpired`).
   */
  reserve(takeIp: () => string): Reservation {
    this.ensureRoom();
    const reservation: Reservation = { key: this.newKey(), ip: takeIp(), expiresAtMs: this.now() + this.ttlMs };
    this.reservations.set(reservation.key, reservation);
    return { ...reservation };
  }

  /** The reservation of `key`; NOT_FOUND when there is none in progress (unknown, expired or finished). */
  reservation(key: string): Reservation {
    const reservation = this.reservations.get(key);
    if (!reservation || reservation.expiresAtMs <= this.now()) {
      throw notFound(`No external container registration with key ${quote(key)} is in progress (unknown, finished, or expired after ${Math.round(this.ttlMs / 60_000)} minutes)`);
    }
    return { ...reservation };
  }

  /** Records that `containerId` holds the reservation of `key`; NOT_FOUND as for `reservation`. */
  finish(key: string, containerId: string): ExternalContainer {
    const { ip } = this.reservation(key);
    this.reservations.delete(key);
    const container = { key, containerId, ip };
    this.finished.set(key, container);
    return { ...container };
  }

  /** Forgets the reservations that have expired and returns them, so their IPs can be released. */
  sweepExpired(): Reservation[] {
    const now = this.now();
    const expired = [...this.reservations.values()].filter((r) => r.expiresAtMs <= now);
    for (const r of expired) this.reservations.delete(r.key);
    return expired;
  }

  outstandingCount(): number {
    return this.reservations.size;
  }

  /** IPs of the finished registrations' containers: allowed to call the API container. */
  containerIps(): string[] {
    return [...this.finished.values()].map((c) => c.ip);
  }

  /** The finished registrations, for the state file. */
  containers(): ExternalContainer[] {
    return [...this.finished.values()].map((c) => ({ ...c }));
  }
}
