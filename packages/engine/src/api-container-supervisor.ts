// Watches Docker's container events and brings back API containers that died without anyone meaning
// it (`docker kill`, which Docker's restart policy treats as deliberate), judged by
// api-container-exit.ts after a short grace. Re-subscribes with backoff when the event stream ends
// (dockerd restarted) and then catches up on what it missed, as at the engine's start.
import { isBackendError, LABEL_KEYS } from '@kurtosis-ts/container-backend';
import type { ContainerEvent, ContainerState, ContainerWatch, KurtosisBackend } from '@kurtosis-ts/container-backend';
import type { Logger } from 'pino';
import { judgeApiContainerExit, RestartBudget, resubscribeDelayMs } from './api-container-exit';
import type { SupervisionPolicy } from './api-container-exit';
import { isLookedAfterBy } from './enclave-ownership';
import { planReconcile } from './reconcile-plan';
import type { EnclaveFacts, ReconcileAction } from './reconcile-plan';

/** A watch that lasted this long was healthy: the next failure starts the backoff from the bottom. */
const HEALTHY_WATCH_MS = 10_000;

export interface SupervisorDeps {
  backend: KurtosisBackend;
  /** This engine's hostname, which is what it writes as an enclave's creator. */
  engineId: string;
  policy: SupervisionPolicy;
  log: Logger;
  /** True while this engine creates, stops or removes the enclave. */
  isBusy: (enclaveId: string) => boolean;
  /** Called when an enclave's API container starts (a deliberate stop is over). */
  onApiContainerStart?: (enclaveId: string) => void;
}

export class ApiContainerSupervisor {
  private readonly budget: RestartBudget;
  /** API containers Docker announced a `stop` for since they last started. */
  private readonly stopAnnounced = new Set<string>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private watch: ContainerWatch | undefined;
  private stopped = false;

  constructor(private readonly deps: SupervisorDeps) {
    this.budget = new RestartBudget(deps.policy);
  }

  /** Subscribes to Docker's events; resolves once the first subscription stands. */
  async start(): Promise<void> {
    this.watch = await this.subscribe();
    void this.keepWatching(this.watch);
  }

  stop(): void {
    this.stopped = true;
    this.watch?.stop();
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  /**
   * Destroys half-made enclaves of a dead engine and starts API containers that exited ≠ 0 while no
   * engine watched; returns what it did.
   */
  async reconcile(): Promise<ReconcileAction[]> {
    const { backend } = this.deps;
    const [enclaves, apiContainers, engines] = await Promise.all([backend.getEnclaves(), backend.getApiContainers(), backend.getEngines()]);
    const facts: EnclaveFacts[] = [];
    for (const enclave of enclaves) {
      const api = apiContainers.find((a) => a.enclaveId === enclave.id);
      const state = api ? await this.stateOf(api.containerId) : undefined;
      facts.push({
        enclaveId: enclave.id,
        creatorEngineId: enclave.creatorEngineId,
        ...(api && state ? { apiContainer: { containerId: api.containerId, state } } : {}),
      });
    }
    const busy = new Set(enclaves.map((e) => e.id).filter((id) => this.deps.isBusy(id)));
    const actions = planReconcile(facts, {
      ownEngineId: this.deps.engineId,
      runningEngineContainerIds: engines.filter((e) => e.status === 'running').map((e) => e.containerId),
      busyEnclaveIds: busy,
    });
    for (const action of actions) await this.apply(action);
    return actions;
  }

  private async apply(action: ReconcileAction): Promise<void> {
    const { backend, log } = this.deps;
    try {
      if (action.kind === 'destroy-half-made') {
        log.warn({ enclaveId: action.enclaveId }, `Destroying half-made enclave '${action.enclaveId}': ${action.reason}`);
        await backend.destroyEnclave(action.enclaveId);
      } else if (this.budget.recentRestarts(action.containerId, Date.now()) >= this.deps.policy.maxRestarts) {
        log.error({ enclaveId: action.enclaveId }, `API container of enclave '${action.enclaveId}' exited ${action.exitCode}: giving up on it, restarted too often`);
      } else {
        await this.restart(action.containerId, action.enclaveId, `it exited ${action.exitCode} while no engine watched`);
      }
    } catch (err) {
      log.error({ err, enclaveId: action.enclaveId }, `Reconciling enclave '${action.enclaveId}' failed`);
    }
  }

  private async subscribe(): Promise<ContainerWatch> {
    return this.deps.backend.watchContainers(undefined, (event) => this.onEvent(event));
  }

  private async keepWatching(first: ContainerWatch): Promise<void> {
    const { log } = this.deps;
    let watch: ContainerWatch | undefined = first;
    let failures = 0;
    while (!this.stopped) {
      if (watch) {
        const since = Date.now();
        await watch.ended;
        if (this.stopped) return;
        failures = Date.now() - since >= HEALTHY_WATCH_MS ? 1 : failures + 1;
        log.warn({ failures }, "Docker's event stream ended; watching again");
      }
      await new Promise((resolve) => setTimeout(resolve, resubscribeDelayMs(failures)));
      if (this.stopped) return;
      try {
        watch = await this.subscribe();
        this.watch = watch;
        // Deaths while nobody watched are only visible in the containers' states now.
        const actions = await this.reconcile();
        log.info({ actions: actions.length }, "watching Docker's events again");
      } catch (err) {
        watch = undefined;
        failures++;
        log.warn({ err: (err as Error).message, failures }, "Watching Docker's events failed; trying again");
      }
    }
  }

  private onEvent(event: ContainerEvent): void {
    if (event.labels[LABEL_KEYS.containerType] !== 'api-container') return;
    const enclaveId = event.labels[LABEL_KEYS.enclaveId];
    if (!enclaveId) return;
    const { containerId } = event;
    switch (event.action) {
      case 'start':
        this.stopAnnounced.delete(containerId);
        this.deps.onApiContainerStart?.(enclaveId);
        break;
      case 'stop':
        this.stopAnnounced.add(containerId);
        break;
      case 'die': {
        clearTimeout(this.pending.get(containerId));
        const timer = setTimeout(() => {
          this.pending.delete(containerId);
          void this.judge(containerId, enclaveId);
        }, this.deps.policy.graceMs);
        this.pending.set(containerId, timer);
        break;
      }
      case 'destroy':
        this.stopAnnounced.delete(containerId);
        this.budget.forget(containerId);
        break;
      default:
        break;
    }
  }

  private async judge(containerId: string, enclaveId: string): Promise<void> {
    const { backend, log } = this.deps;
    try {
      const state = await this.stateOf(containerId);
      const [enclaves, engines] = await Promise.all([backend.getEnclaves([enclaveId]), backend.getEngines()]);
      const running = engines.filter((e) => e.status === 'running').map((e) => e.containerId);
      const verdict = judgeApiContainerExit(
        {
          state,
          lookedAfter: enclaves[0] ? isLookedAfterBy(enclaves[0].creatorEngineId, this.deps.engineId, running) : false,
          stoppedByThisEngine: this.deps.isBusy(enclaveId),
          stopAnnounced: this.stopAnnounced.has(containerId),
          recentRestarts: this.budget.recentRestarts(containerId, Date.now()),
        },
        this.deps.policy,
      );
      const exit = state ? `exited ${state.exitCode}` : 'is gone';
      if (verdict.action === 'restart') {
        await this.restart(containerId, enclaveId, `it ${exit} and nobody stopped it`);
      } else if (verdict.action === 'give-up') {
        log.error({ enclaveId, containerId }, `API container of enclave '${enclaveId}' ${exit}: giving up on it, ${verdict.reason}`);
      } else {
        log.info({ enclaveId, containerId }, `API container of enclave '${enclaveId}' ${exit}: left as it is, ${verdict.reason}`);
      }
    } catch (err) {
      log.error({ err, enclaveId, containerId }, `Judging the exit of the API container of enclave '${enclaveId}' failed`);
    }
  }

  private async restart(containerId: string, enclaveId: string, why: string): Promise<void> {
    this.budget.record(containerId, Date.now());
    await this.deps.backend.startContainer(containerId);
    this.deps.log.warn({ enclaveId, containerId }, `API container of enclave '${enclaveId}' started again: ${why}`);
  }

  private async stateOf(containerId: string): Promise<ContainerState | undefined> {
    try {
      return await this.deps.backend.getContainerState(containerId);
    } catch (err) {
      if (isBackendError(err, 'not-found')) return undefined;
      throw err;
    }
  }
}
