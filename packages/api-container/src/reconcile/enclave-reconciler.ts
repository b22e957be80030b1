// Reconciliation of a (re)starting API container with what Docker holds: observes the enclave's
// containers, lets reconcile-plan.ts decide, and carries the plan out. Runs before the API container
// serves its first call, so nothing half-made from before a crash is ever visible to a caller.
import type { Enclave, KurtosisBackend } from '@kurtosis-ts/container-backend';
import type { Logger } from 'pino';
import { planReconcile } from './reconcile-plan';
import type { ObservedContainer, ReconcilePlan, ServiceIntent } from './reconcile-plan';

export class EnclaveReconciler {
  constructor(
    private readonly backend: KurtosisBackend,
    private readonly enclave: Enclave,
    private readonly log: Logger,
  ) {}

  async plan(intents: Readonly<Record<string, ServiceIntent>>): Promise<ReconcilePlan> {
    const [containers, attachedServices, apiContainers] = await Promise.all([
      this.backend.getEnclaveContainers(this.enclave.id),
      this.backend.getUserServices(this.enclave.id),
      this.backend.getApiContainers([this.enclave.id]),
    ]);
    const attached = new Set(attachedServices.map((s) => s.containerId));
    const observed = await Promise.all(
      containers
        .filter((c) => c.containerType !== 'api-container')
        .map(async (c): Promise<ObservedContainer> => {
          // Only what does not run needs a closer look: never started, or when it ended.
          const state = c.status === 'running' ? undefined : await this.backend.getContainerState(c.containerId).catch(() => undefined);
          return {
            containerId: c.containerId,
            containerType: c.containerType,
            objectId: c.objectId,
            guid: c.guid,
            status: c.status,
            neverStarted: state?.neverStarted ?? false,
            finishedAtMs: state?.finishedAtMs ?? 0,
            attached: attached.has(c.containerId),
          };
        }),
    );
    // While it runs, Docker still reports when this container's previous run ended.
    const own = apiContainers[0];
    const previousRunEndedAtMs = own ? ((await this.backend.getContainerState(own.containerId).catch(() => undefined))?.finishedAtMs ?? 0) : 0;
    return planReconcile({ containers: observed, intents, previousRunEndedAtMs });
  }

  /** Removes what was left half-made, then the files-artifact volumes nothing uses any more. */
  async cleanUp(plan: ReconcilePlan): Promise<void> {
    for (const { containerId, why } of plan.remove) {
      await this.backend.removeContainer(containerId);
      this.log.warn({ containerId: containerId.slice(0, 12), why }, 'removed a container left by an interrupted call');
    }
    const volumes = await this.backend.removeUnusedFilesArtifactVolumes(this.enclave.id);
    if (volumes.length > 0) this.log.warn({ volumes }, 'removed files-artifact volumes that no container uses');
  }

  /** Sidecars first: the caller re-applies their partition rules before their services start. */
  async startSidecars(plan: ReconcilePlan): Promise<void> {
    await Promise.all(plan.reviveSidecars.map((s) => this.start(s.containerId, `networking sidecar of '${s.objectId}'`)));
  }

  async startServicesAndModules(plan: ReconcilePlan): Promise<void> {
    await Promise.all([
      ...plan.reviveServices.map(async (s) => {
        await this.start(s.containerId, `service '${s.objectId}'`);
        if (s.pauseAfterStart) await this.backend.pauseUserService(s.containerId);
      }),
      ...plan.reviveModules.map((m) => this.start(m.containerId, `module '${m.objectId}'`)),
    ]);
  }

  private async start(containerId: string, what: string): Promise<void> {
    await this.backend.startContainer(containerId);
    this.log.info({ containerId: containerId.slice(0, 12) }, `started ${what} again: it was running when the Docker daemon restarted`);
  }
}
