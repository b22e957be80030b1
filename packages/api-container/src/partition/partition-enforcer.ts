// Applies the partition topology through the services' networking sidecars: each sidecar gets the
// egress rules of its service, all sidecars in parallel, and only those whose rules changed.
import type { KurtosisBackend } from '@kurtosis-ts/container-backend';
import { StatusError } from '@kurtosis-ts/protos';
import { status } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { PartitionTopology } from './partition-topology';
import { egressRulesTransaction } from './sidecar-rules';
import { SidecarSession } from './sidecar-session';

export interface SidecarState {
  containerId: string;
  /** The generation of the chain that is active in the sidecar. */
  generation: number;
  /** What was applied last, to skip sidecars whose rules did not change. */
  appliedRules: string;
}

export class PartitionEnforcer {
  /** By sidecar container ID; opened on a sidecar's first apply, again if it ended. */
  private readonly sessions = new Map<string, Promise<SidecarSession>>();

  constructor(
    private readonly backend: KurtosisBackend,
    private readonly topology: PartitionTopology,
    /** Private IP of a registered service, or undefined when it has none. */
    private readonly ipOf: (serviceId: string) => string | undefined,
    private readonly log: Logger,
    private readonly sidecars = new Map<string, SidecarState>(),
  ) {}

  snapshot(): Record<string, SidecarState> {
    return Object.fromEntries(this.sidecars);
  }

  /** The first rules of a new sidecar, in place before its service starts. */
  async adopt(serviceId: string, containerId: string): Promise<void> {
    const losses = this.lossesByIp(serviceId);
    await this.run(serviceId, containerId, egressRulesTransaction(losses, 0));
    this.sidecars.set(serviceId, { containerId, generation: 0, appliedRules: fingerprint(losses) });
  }

  forget(serviceId: string): void {
    const sidecar = this.sidecars.get(serviceId);
    this.sidecars.delete(serviceId);
    if (sidecar) this.closeSession(sidecar.containerId);
  }

  /** Brings every sidecar in line with the topology; resolves once all are, or rejects naming those that failed. */
  async applyAll(): Promise<void> {
    const results = await Promise.allSettled([...this.sidecars.keys()].map((serviceId) => this.apply(serviceId)));
    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [`${[...this.sidecars.keys()][i]}: ${(r.reason as Error).message}`] : []));
    if (failed.length) throw new StatusError(status.INTERNAL, `Applying the partition rules failed for ${failed.join('; ')}`);
  }

  private async apply(serviceId: string): Promise<void> {
    const sidecar = this.sidecars.get(serviceId);
    if (!sidecar) return;
    const losses = this.lossesByIp(serviceId);
    const rules = fingerprint(losses);
    if (rules === sidecar.appliedRules) return;
    const next = sidecar.generation + 1;
    await this.run(serviceId, sidecar.containerId, egressRulesTransaction(losses, next, sidecar.generation));
    sidecar.generation = next;
    sidecar.appliedRules = rules;
  }

  private async run(serviceId: string, containerId: string, transaction: string): Promise<void> {
    try {
      await (await this.sessionOf(containerId)).apply(transaction);
    } catch (err) {
      throw new Error(`Applying the rules in the sidecar of '${serviceId}': ${(err as Error).message}`, { cause: err });
    }
    this.log.debug({ serviceId, transaction }, 'partition rules applied');
  }

  private async sessionOf(containerId: string): Promise<SidecarSession> {
    const existing = this.sessions.get(containerId);
    if (existing) {
      const session = await existing.catch(() => undefined);
      if (session?.isAlive()) return session;
    }
    const opened = SidecarSession.open(this.backend, containerId);
    this.sessions.set(containerId, opened);
    opened.catch(() => this.sessions.delete(containerId));
    return opened;
  }

  private closeSession(containerId: string): void {
    void this.sessions.get(containerId)?.then((s) => s.close(), () => undefined);
    this.sessions.delete(containerId);
  }

  private lossesByIp(serviceId: string): Map<string, number> {
    const byIp = new Map<string, number>();
    for (const [other, loss] of this.topology.egressLossesOf(serviceId)) {
      const ip = this.ipOf(other);
      if (ip) byIp.set(ip, loss);
    }
    return byIp;
  }
}

function fingerprint(losses: ReadonlyMap<string, number>): string {
  return JSON.stringify([...losses].sort(([a], [b]) => a.localeCompare(b)));
}
