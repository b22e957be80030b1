// Watches the platform's events and brings back API containers that died without anyone meaning it
// (`docker kill`, which Docker's restart policy treats as deliberate), judged by
// api-container-exit.ts after a short grace. Re-subscribes with backoff when the event stream ends
// (the daemon restarted) and then catches up on what it missed, as at the engine's start.
import { isDomainError } from '@kurtosis-ts/domain';
import type { EnclaveId } from '@kurtosis-ts/domain';
import type { EngineBackend, EventWatch, RuntimeEvent, RuntimeState } from '@kurtosis-ts/container-backend';
import type { Logger } from 'pino';
import { judgeApiContainerExit, RestartBudget, resubscribeDelayMs } from './api-container-exit';
import type { SupervisionPolicy } from './api-container-exit';
import { isLookedAfterBy } from './enclave-ownership';
import { planReconcile } from './reconcile-plan';
import type { EnclaveFacts, ReconcileAction } from './reconcile-plan';

/** A watch that lasted this long was healthy: the next failure starts the backoff from the bottom. */
const HEALTHY_WATCH_MS = 10_000;

export interface SupervisorDeps {
  backend: EngineBackend;
  /** This engine's guid, which is what it writes as an enclave's creator. */
  engineGuid: string;
  policy: SupervisionPolicy;
  log: Logger;
  /** True while this engine creates, stops or removes the enclave. */
  isBusy: (enclaveId: string) => boolean;
  /** Called when an enclave's API container starts (a deliberate stop is over). */
  onApiContainerStart?: (enclaveId: string) => void;
}

export class ApiContainerSupervisor {
  private readonly budget: RestartBudget;
  /** Enclaves whose API container the platform announced a `stop` for since it last started. */
  private readonly stopAnnounced = new Set<EnclaveId>();
  private readonly pending = new Map<EnclaveId, NodeJS.Timeout>();
  private watch: EventWatch | undefined;
  private stopped = false;

  constructor(private readonly deps: SupervisorDeps) {
    this.budget = new RestartBudget(deps.policy);
  }

  /** Subscribes to the platform's events; resolves once the first subscription stands. */
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
      const state = api ? await this.stateOf(enclave.id) : undefined;
      facts.push({
        enclaveId: enclave.id,
        creatorEngineGuid: enclave.creatorEngineGuid,
        ...(api && state ? { apiContainer: { state } } : {}),
      });
    }
    const busy = new Set<string>(enclaves.map((e) => e.id).filter((id) => this.deps.isBusy(id)));
    const actions = planReconcile(facts, {
      ownEngineGuid: this.deps.engineGuid,
      runningEngineGuids: engines.filter((e) => e.status === 'running').map((e) => e.guid),
      busyEnclaveIds: busy,
    });
    for (const action of actions) await this.apply(action);
    return actions;
  }

  private async apply(action: ReconcileAction): Promise<void> {
    const { backend, log } = this.deps;
    const enclaveId = action.enclaveId as EnclaveId;
    try {
      if (action.kind === 'destroy-half-made') {
        log.warn({ enclaveId }, `Destroying half-made enclave '${enclaveId}': ${action.reason}`);
        await backend.destroyEnclave(enclaveId);
      } else if (this.budget.recentRestarts(enclaveId, Date.now()) >= this.deps.policy.maxRestarts) {
        log.error({ enclaveId }, `API container of enclave '${enclaveId}' exited ${action.exitCode}: giving up on it, restarted too often`);
      } else {
        await this.restart(enclaveId, `it exited ${action.exitCode} while no engine watched`);
      }
    } catch (err) {
      log.error({ err, enclaveId: action.enclaveId }, `Reconciling enclave '${action.enclaveId}' failed`);
    }
  }

  private async subscribe(): Promise<EventWatch> {
    return this.deps.backend.watchEvents((event) => this.onEvent(event));
  }

  private async keepWatching(first: EventWatch): Promise<void> {
    const { log } = this.deps;
    let watch: EventWatch | undefined = first;
    let failures = 0;
    while (!this.stopped) {
      if (watch) {
        const since = Date.now();
        await watch.ended;
        if (this.stopped) return;
        failures = Date.now() - since >= HEALTHY_WATCH_MS ? 1 : failures + 1;
        log.warn({ failures }, "The platform's event stream ended; watching again");
      }
      await new Promise((resolve) => setTimeout(resolve, resubscribeDelayMs(failures)));
      if (this.stopped) return;
      try {
        watch = await this.subscribe();
        this.watch = watch;
        // Deaths while nobody watched are only visible in the containers' states now.
        const actions = await this.reconcile();
        log.info({ actions: actions.length }, "watching the platform's events again");
      } catch (err) {
        watch = undefined;
        failures++;
        log.warn({ err: (err as Error).message, failures }, "Watching the platform's events failed; trying again");
      }
    }
  }

  private onEvent(event: RuntimeEvent): void {
    if (event.ref.kind !== 'api-container') return;
    const { enclaveId } = event.ref;
    switch (event.action) {
      case 'start':
        this.stopAnnounced.delete(enclaveId);
        this.deps.onApiContainerStart?.(enclaveId);
        break;
      case 'stop':
        this.stopAnnounced.add(enclaveId);
        break;
      case 'die': {
        clearTimeout(this.pending.get(enclaveId));
        const timer = setTimeout(() => {
          this.pending.delete(enclaveId);
          void this.judge(enclaveId);
        }, this.deps.policy.graceMs);
        this.pending.set(enclaveId, timer);
        break;
      }
      case 'destroy':
        this.stopAnnounced.delete(enclaveId);
        this.budget.forget(enclaveId);
        break;
      default:
        break;
    }
  }

  private async judge(enclaveId: EnclaveId): Promise<void> {
    const { backend, log } = this.deps;
    try {
      const state = await this.stateOf(enclaveId);
      const [enclaves, engines] = await Promise.all([backend.getEnclaves([enclaveId]), backend.getEngines()]);
      const running = engines.filter((e) => e.status === 'running').map((e) => e.guid);
      const verdict = judgeApiContainerExit(
        {
          state,
          lookedAfter: enclaves[0] ? isLookedAfterBy(enclaves[0].creatorEngineGuid, this.deps.engineGuid, running) : false,
          stoppedByThisEngine: this.deps.isBusy(enclaveId),
          stopAnnounced: this.stopAnnounced.has(enclaveId),
          recentRestarts: this.budget.recentRestarts(enclaveId, Date.now()),
        },
        this.deps.policy,
      );
      const exit = state ? `exited ${state.exitCode}` : 'is gone';
      if (verdict.action === 'restart') {
        await this.restart(enclaveId, `it ${exit} and nobody stopped it`);
      } else if (verdict.action === 'give-up') {
        log.error({ enclaveId }, `API container of enclave '${enclaveId}' ${exit}: giving up on it, ${verdict.reason}`);
      } else {
        log.info({ enclaveId }, `API container of enclave '${enclaveId}' ${exit}: left as it is, ${verdict.reason}`);
      }
    } catch (err) {
      log.error({ err, enclaveId }, `Judging the exit of the API container of enclave '${enclaveId}' failed`);
    }
  }

  private async restart(enclaveId: EnclaveId, why: string): Promise<void> {
    this.budget.record(enclaveId, Date.now());
    await this.deps.backend.startObject({ kind: 'api-container', enclaveId });
    this.deps.log.warn({ enclaveId }, `API container of enclave '${enclaveId}' started again: ${why}`);
  }

  private async stateOf(enclaveId: EnclaveId): Promise<RuntimeState | undefined> {
    try {
      return await this.deps.backend.getState({ kind: 'api-container', enclaveId });
    } catch (err) {
      if (isDomainError(err, 'not-found')) return undefined;
      throw err;
    }
  }
}
