// Reconciliation of a (re)starting API container with what the platform holds: observes the
// enclave's objects, lets reconcile-plan.ts decide, and carries the plan out. Runs before the API
// container serves its first call, so nothing half-made from before a crash is ever visible to a caller.
import type { EnclaveId } from '@kurtosis-ts/domain';
import type { EnclaveBackend, EnclaveObjectRef } from '@kurtosis-ts/container-backend';
import type { Logger } from 'pino';
import { planReconcile } from './reconcile-plan';
import type { ObservedObject, ReconcilePlan, ServiceIntent } from './reconcile-plan';

export type EnclaveReconcilePlan = ReconcilePlan<EnclaveObjectRef>;

export interface EnclaveReconcilerOptions {
  backend: EnclaveBackend;
  enclaveId: EnclaveId;
  log: Logger;
}

function guidOf(ref: EnclaveObjectRef): string {
  return ref.kind === 'api-container' ? '' : ref.guid;
}

export class EnclaveReconciler {
  private readonly backend: EnclaveBackend;
  private readonly enclaveId: EnclaveId;
  private readonly log: Logger;

  constructor(options: EnclaveReconcilerOptions) {
    this.backend = options.backend;
    this.enclaveId = options.enclaveId;
    this.log = options.log;
  }

  async plan(intents: Readonly<Record<string, ServiceIntent>>): Promise<EnclaveReconcilePlan> {
    const [objects, attachedServices] = await Promise.all([this.backend.getEnclaveObjects(this.enclaveId), this.backend.getUserServices(this.enclaveId)]);
    const attached = new Set<string>(attachedServices.map((s) => s.guid));
    const observed = await Promise.all(
      objects
        .filter((o) => o.ref.kind !== 'api-container')
        .map(async (o): Promise<ObservedObject<EnclaveObjectRef>> => {
          // Only what does not run needs a closer look: never started, or when it ended.
          const state = o.status === 'running' ? undefined : await this.backend.getState(o.ref).catch(() => undefined);
          return {
            ref: o.ref,
            kind: o.ref.kind,
            objectId: o.objectId,
            guid: guidOf(o.ref),
            status: o.status,
            neverStarted: state?.neverStarted ?? false,
            finishedAtMs: state?.finishedAtMs ?? 0,
            attached: o.ref.kind === 'user-service' && attached.has(o.ref.guid),
          };
        }),
    );
    // While it runs, the platform still reports when this API container's previous run ended.
    const own = await this.backend.getState({ kind: 'api-container', enclaveId: this.enclaveId }).catch(() => undefined);
    return planReconcile({ objects: observed, intents, previousRunEndedAtMs: own?.finishedAtMs ?? 0 });
  }

  /** Removes what was left half-made, then the unpacked files artifacts that no service uses any more. */
  async cleanUp(plan: EnclaveReconcilePlan): Promise<void> {
    for (const { ref, why } of plan.remove) {
      await this.backend.discardObject(ref);
      this.log.warn({ ref, why }, 'removed what an interrupted call left');
    }
    const volumes = await this.backend.removeUnusedFilesArtifacts(this.enclaveId);
    if (volumes.length > 0) this.log.warn({ volumes }, 'removed files-artifact volumes that no container uses');
  }

  /** Sidecars first: the caller re-applies their partition rules before their services start. */
  async startSidecars(plan: EnclaveReconcilePlan): Promise<void> {
    await Promise.all(plan.reviveSidecars.map((s) => this.start(s.ref, `networking sidecar of '${s.objectId}'`)));
  }

  async startServicesAndModules(plan: EnclaveReconcilePlan): Promise<void> {
    await Promise.all([
      ...plan.reviveServices.map(async (s) => {
        await this.start(s.ref, `service '${s.objectId}'`);
        if (s.pauseAfterStart && s.ref.kind === 'user-service') await this.backend.pauseService(this.enclaveId, s.ref.guid);
      }),
      ...plan.reviveModules.map((m) => this.start(m.ref, `module '${m.objectId}'`)),
    ]);
  }

  private async start(ref: EnclaveObjectRef, what: string): Promise<void> {
    await this.backend.startObject(ref);
    this.log.info({ ref }, `started ${what} again: it was running when the platform's daemon restarted`);
  }
}
