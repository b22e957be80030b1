// Applies the partition topology through the services' networking sidecars: each sidecar gets the
// egress rules of its service, all sidecars in parallel, and only those whose rules changed. A
// sidecar is named by its service's GUID; its rules go through one long-lived session each.
import { internal, trustedId } from '@kurtosis-ts/domain';
import type { EnclaveId, ServiceGuid } from '@kurtosis-ts/domain';
import type { ObjectRef, ObjectRuntime } from '@kurtosis-ts/container-backend';
import type { Logger } from 'pino';
import type { PartitionTopology } from './partition-topology';
import { egressRulesTransaction } from './sidecar-rules';
import { SidecarSession } from './sidecar-session';

export interface SidecarState {
  /** The GUID of its service: the sidecar of a service registered anew is another one. */
  guid: string;
  /** The generation of the chain that is active in the sidecar. */
  generation: number;
  /** What was applied last, to skip sidecars whose rules did not change. */
  appliedRules: string;
}

export interface PartitionEnforcerOptions {
  backend: Pick<ObjectRuntime, 'openExecSession'>;
  enclaveId: EnclaveId;
  topology: PartitionTopology;
  /** Private IP of a registered service, or undefined when it has none. */
  ipOf: (serviceId: string) => string | undefined;
  log: Logger;
  /** By service ID, as a restarted API container found them in its state file. */
  sidecars?: Map<string, SidecarState>;
}

export class PartitionEnforcer {
  /** By service GUID; opened on a sidecar's first apply, again if it ended. */
  private readonly sessions = new Map<string, Promise<SidecarSession>>();
  private readonly sidecars: Map<string, SidecarState>;

  constructor(private readonly options: PartitionEnforcerOptions) {
    this.sidecars = options.sidecars ?? new Map();
  }

  snapshot(): Record<string, SidecarState> {
    return Object.fromEntries([...this.sidecars].map(([id, state]) => [id, { ...state }]));
  }

  /** The first rules of a new sidecar, in place before its service starts. */
  async adopt(serviceId: string, guid: ServiceGuid): Promise<void> {
    const losses = this.lossesByIp(serviceId);
    await this.run(serviceId, guid, egressRulesTransaction(losses, 0));
    this.sidecars.set(serviceId, { guid, generation: 0, appliedRules: fingerprint(losses) });
  }

  forget(serviceId: string): void {
    const sidecar = this.sidecars.get(serviceId);
    this.sidecars.delete(serviceId);
    if (sidecar) this.closeSession(sidecar.guid);
  }

  /** Brings every sidecar in line with the topology; resolves once all are, or rejects naming those that failed. */
  async applyAll(): Promise<void> {
    const serviceIds = [...this.sidecars.keys()];
    const results = await Promise.allSettled(serviceIds.map((serviceId) => this.apply(serviceId)));
    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [`${serviceIds[i]}: ${(r.reason as Error).message}`] : []));
    if (failed.length) throw internal(`Applying the partition rules failed for ${failed.join('; ')}`);
  }

  private async apply(serviceId: string): Promise<void> {
    const sidecar = this.sidecars.get(serviceId);
    if (!sidecar) return;
    const losses = this.lossesByIp(serviceId);
    const rules = fingerprint(losses);
    if (rules === sidecar.appliedRules) return;
    const next = sidecar.generation + 1;
    await this.run(serviceId, sidecar.guid, egressRulesTransaction(losses, next, sidecar.generation));
    sidecar.generation = next;
    sidecar.appliedRules = rules;
  }

  private async run(serviceId: string, guid: string, transaction: string): Promise<void> {
    try {
      await (await this.sessionOf(guid)).apply(transaction);
    } catch (err) {
      throw new Error(`Applying the rules in the sidecar of '${serviceId}': ${(err as Error).message}`, { cause: err });
    }
    this.options.log.debug({ serviceId, transaction }, 'partition rules applied');
  }

  private async sessionOf(guid: string): Promise<SidecarSession> {
    const existing = this.sessions.get(guid);
    if (existing) {
      const session = await existing.catch(() => undefined);
      if (session?.isAlive()) return session;
    }
    const sidecar: ObjectRef = { kind: 'networking-sidecar', enclaveId: this.options.enclaveId, guid: trustedId<ServiceGuid>(guid) };
    const opened = SidecarSession.open(this.options.backend, sidecar);
    this.sessions.set(guid, opened);
    opened.catch(() => this.sessions.delete(guid));
    return opened;
  }

  private closeSession(guid: string): void {
    void this.sessions.get(guid)?.then((s) => s.close(), () => undefined);
    this.sessions.delete(guid);
  }

  private lossesByIp(serviceId: string): Map<string, number> {
    const byIp = new Map<string, number>();
    for (const [other, loss] of this.options.topology.egressLossesOf(serviceId)) {
      const ip = this.options.ipOf(other);
      if (ip) byIp.set(ip, loss);
    }
    return byIp;
  }
}

function fingerprint(losses: ReadonlyMap<string, number>): string {
  return JSON.stringify([...losses].sort(([a], [b]) => a.localeCompare(b)));
}
