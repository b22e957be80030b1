// What to do when an API container has exited. The platform's restart policy (Docker's
// `unless-stopped`) brings an API container back from a crash or a daemon restart, but a kill counts
// as deliberate for Docker; a killed API container would stay dead. The engine restarts it unless
// the stop was meant: this engine stopped or removed it, the platform announced a stop (`docker
// stop`), or it exited 0 (a SIGTERM it obeyed). Pure: the supervisor gathers the facts, this decides.
import type { RuntimeStatus } from '@kurtosis-ts/container-backend';

export interface SupervisionPolicy {
  /** How long after a death the engine looks again: the platform's own restart, or its `stop` event, come first. */
  graceMs: number;
  /** At most this many restarts of one container within `windowMs`; then the engine gives up on it. */
  maxRestarts: number;
  windowMs: number;
}

export const DEFAULT_SUPERVISION_POLICY: SupervisionPolicy = { graceMs: 1_000, maxRestarts: 5, windowMs: 60_000 };

export interface ApiContainerExitFacts {
  /** The container's state once the grace is over; undefined when it no longer exists. */
  state: { status: RuntimeStatus; exitCode: number } | undefined;
  /** Its enclave is this engine's to look after (see enclave-ownership.ts). */
  lookedAfter: boolean;
  /** This engine is creating, stopping or removing its enclave (StopEnclave, DestroyEnclave, Clean, a rollback). */
  stoppedByThisEngine: boolean;
  /** The platform announced a `stop` of it since it last started (`docker stop`). */
  stopAnnounced: boolean;
  /** How many times this engine restarted it within the policy's window. */
  recentRestarts: number;
}

export type ApiContainerExitVerdict = { action: 'restart' } | { action: 'leave' | 'give-up'; reason: string };

export function judgeApiContainerExit(facts: ApiContainerExitFacts, policy: SupervisionPolicy): ApiContainerExitVerdict {
  const { state } = facts;
  if (!state) return { action: 'leave', reason: 'it was removed' };
  if (state.status !== 'stopped') return { action: 'leave', reason: `it is ${state.status} again (the platform's restart policy, or someone started it)` };
  if (!facts.lookedAfter) return { action: 'leave', reason: 'its enclave belongs to another engine, which runs' };
  if (facts.stoppedByThisEngine) return { action: 'leave', reason: 'this engine stopped it' };
  if (facts.stopAnnounced) return { action: 'leave', reason: 'it was stopped deliberately (docker stop)' };
  if (state.exitCode === 0) return { action: 'leave', reason: 'it exited 0, a deliberate stop' };
  if (facts.recentRestarts >= policy.maxRestarts) {
    return { action: 'give-up', reason: `it was restarted ${facts.recentRestarts} times within ${policy.windowMs / 1000} s already` };
  }
  return { action: 'restart' };
}

/** Restarts per API container (by its enclave) within a sliding window. Time is passed in, so it tests without clocks. */
export class RestartBudget {
  private readonly restarts = new Map<string, number[]>();

  constructor(private readonly policy: SupervisionPolicy) {}

  recentRestarts(enclaveId: string, nowMs: number): number {
    const recent = (this.restarts.get(enclaveId) ?? []).filter((t) => nowMs - t < this.policy.windowMs);
    if (recent.length === 0) this.restarts.delete(enclaveId);
    else this.restarts.set(enclaveId, recent);
    return recent.length;
  }

  record(enclaveId: string, nowMs: number): void {
    this.restarts.set(enclaveId, [...(this.restarts.get(enclaveId) ?? []), nowMs]);
  }

  forget(enclaveId: string): void {
    this.restarts.delete(enclaveId);
  }
}

/** Delay before re-subscribing to the platform's events after the stream broke `failuresInARow` times (1, 2, …). */
export function resubscribeDelayMs(failuresInARow: number): number {
  return Math.min(250 * 2 ** Math.max(0, failuresInARow - 1), 10_000);
}
