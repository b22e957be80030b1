// One run of the monkey: rounds on a fixed schedule, each picking victims among the targets that
// are up and striking them (or, leashed, only saying so), pauses and isolations undone after
// recoverAfterSeconds, and an event log of all of it.
import { setTimeout as sleep } from 'node:timers/promises';
import { seededRandom } from '@kurtosis-ts/module-api-lib';
import { plannedRounds } from './chaos-params';
import type { ChaosAction, RunParams } from './chaos-params';
import { VictimPicker } from './victim-picker';
import type { Strike } from './victim-picker';

export interface ChaosEvent {
  round: number;
  /** Seconds since the run started when the action began (leashed: when it would have). */
  atSeconds: number;
  serviceId: string;
  action: ChaosAction | 'unpause' | 'heal';
  /** `would-do` in a leashed run; `failed` says why in `error`. */
  outcome: 'done' | 'would-do' | 'failed';
  error?: string;
}

export type RunStatus = 'running' | 'finished' | 'stopped' | 'failed';

export interface ChaosReport {
  status: RunStatus;
  leashed: boolean;
  /** Run again with this seed (and the same params and services) for the same decisions. */
  seed: number;
  targets: string[];
  roundsPlanned: number;
  roundsRun: number;
  /** Rounds in which nobody was struck: the probability draw failed or minSurvivors forbade it. */
  roundsWithoutStrike: number[];
  events: ChaosEvent[];
  /** Targets removed, stopped or killed (leashed: that would be). */
  down: string[];
  /** Targets paused or isolated now, to be unpaused or healed. */
  recovering: string[];
  /** Targets up: not down, not recovering. */
  survivors: string[];
  error?: string;
}

/** What a run does to the enclave (EnclaveChaos); leashed runs have none. */
export interface ChaosEffects {
  strike(strike: Strike): Promise<void>;
  recover(strike: Strike): Promise<void>;
  healAll(): Promise<void>;
}

/** A pause or isolation waiting to be undone. */
interface Recovery {
  strike: Strike;
  round: number;
  dueAtSeconds: number;
  timer?: NodeJS.Timeout;
  done?: Promise<void>;
}

const RECOVERY_OF: Partial<Record<ChaosAction, ChaosEvent['action']>> = { pause: 'unpause', isolate: 'heal' };

export class ChaosRun {
  private status: RunStatus = 'running';
  private error?: string;
  private readonly events: ChaosEvent[] = [];
  /** Targets down for good, or until their recovery. */
  private readonly down = new Map<string, 'for good' | Recovery>();
  private readonly stopping = new AbortController();
  private readonly roundsWithoutStrike: number[] = [];
  private roundsRun = 0;
  private startedAt = 0;
  private completion?: Promise<ChaosReport>;

  /** `chaos` is undefined for a leashed run: nothing may touch the enclave. */
  constructor(
    private readonly chaos: ChaosEffects | undefined,
    private readonly targets: readonly string[],
    private readonly params: RunParams,
    readonly seed: number,
  ) {}

  private get leashed(): boolean {
    return this.chaos === undefined;
  }

  /** Starts the run (once) and resolves with its final report; rejects only when a bounded run fails. */
  complete(): Promise<ChaosReport> {
    this.completion ??= this.run();
    return this.completion;
  }

  /** Ends the run after the strike in progress, undoing pending pauses and isolations now. */
  async stop(): Promise<ChaosReport> {
    this.stopping.abort();
    return (await this.completion?.catch(() => undefined)) ?? this.report();
  }

  isRunning(): boolean {
    return this.status === 'running';
  }

  report(): ChaosReport {
    const down = [...this.down.entries()].filter(([, d]) => d === 'for good').map(([id]) => id);
    return {
      status: this.status,
      leashed: this.leashed,
      seed: this.seed,
      targets: [...this.targets],
      roundsPlanned: plannedRounds(this.params),
      roundsRun: this.roundsRun,
      roundsWithoutStrike: [...this.roundsWithoutStrike],
      // Logged as each action ends; listed in the order they began (a stable sort keeps ties in order).
      events: this.events.map((e) => ({ ...e })).sort((a, b) => a.atSeconds - b.atSeconds),
      down: down.sort(),
      recovering: this.pendingRecoveries().map((r) => r.strike.serviceId).sort(),
      survivors: this.targets.filter((t) => !this.down.has(t)),
      ...(this.error === undefined ? {} : { error: this.error }),
    };
  }

  private async run(): Promise<ChaosReport> {
    this.startedAt = Date.now();
    const picker = new VictimPicker(this.params, seededRandom(this.seed));
    try {
      // Fails before anything is touched in an enclave without partitioning.
      if (this.chaos && this.params.actions.includes('isolate')) await this.chaos.healAll();
      for (let round = 0; round < plannedRounds(this.params) && !this.stopped(); round++) {
        const scheduledAt = round * this.params.intervalSeconds;
        await this.waitUntil(scheduledAt);
        if (this.stopped()) break;
        await this.recoverDue(scheduledAt);
        const strikes = picker.pick(this.targets.filter((t) => !this.down.has(t)));
        this.roundsRun++;
        if (strikes.length === 0) this.roundsWithoutStrike.push(round);
        for (const strike of strikes) await this.strike(round, scheduledAt, strike);
      }
      // Pauses and isolations are undone on time, or at once when the run was stopped.
      await this.recoverAll(this.stopped());
      this.status = this.stopped() ? 'stopped' : 'finished';
      return this.report();
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
      this.status = 'failed';
      await this.recoverAll(true);
      throw err;
    }
  }

  private stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  private elapsedSeconds(): number {
    return Math.round((Date.now() - this.startedAt) / 100) / 10;
  }

  /** Waits until `seconds` after the start (measured from the start, so the schedule never drifts). */
  private async waitUntil(seconds: number): Promise<void> {
    if (this.leashed) return;
    const ms = this.startedAt + seconds * 1000 - Date.now();
    if (ms > 0) await sleep(ms, undefined, { signal: this.stopping.signal }).catch(() => undefined);
  }

  private async strike(round: number, scheduledAt: number, strike: Strike): Promise<void> {
    const event: ChaosEvent = { round, atSeconds: this.leashed ? scheduledAt : this.elapsedSeconds(), ...strike, outcome: 'would-do' };
    if (this.chaos) {
      try {
        await this.chaos.strike(strike);
        event.outcome = 'done';
      } catch (err) {
        this.events.push({ ...event, outcome: 'failed', error: err instanceof Error ? err.message : String(err) });
        return;
      }
    }
    this.events.push(event);
    if (RECOVERY_OF[strike.action] === undefined) {
      this.down.set(strike.serviceId, 'for good');
      return;
    }
    const recovery: Recovery = { strike, round, dueAtSeconds: scheduledAt + this.params.recoverAfterSeconds };
    if (!this.leashed) recovery.timer = setTimeout(() => void this.recover(recovery), Math.max(0, this.startedAt + recovery.dueAtSeconds * 1000 - Date.now()));
    this.down.set(strike.serviceId, recovery);
  }

  private recover(recovery: Recovery): Promise<void> {
    recovery.done ??= (async () => {
      clearTimeout(recovery.timer);
      const { serviceId, action } = recovery.strike;
      const event: ChaosEvent = {
        round: recovery.round,
        atSeconds: this.leashed ? recovery.dueAtSeconds : this.elapsedSeconds(),
        serviceId,
        action: RECOVERY_OF[action] as ChaosEvent['action'],
        outcome: 'would-do',
      };
      try {
        if (this.chaos) {
          await this.chaos.recover(recovery.strike);
          event.outcome = 'done';
        }
        this.events.push(event);
      } catch (err) {
        this.events.push({ ...event, outcome: 'failed', error: err instanceof Error ? err.message : String(err) });
      } finally {
        this.down.delete(serviceId);
      }
    })();
    return recovery.done;
  }

  private pendingRecoveries(): Recovery[] {
    return [...this.down.values()].filter((d): d is Recovery => d !== 'for good').sort((a, b) => a.dueAtSeconds - b.dueAtSeconds);
  }

  /** Recoveries due by a round's start happen before it picks victims, so they can be picked again. */
  private async recoverDue(atSeconds: number): Promise<void> {
    for (const r of this.pendingRecoveries().filter((r) => r.dueAtSeconds <= atSeconds)) await this.recover(r);
  }

  private async recoverAll(now: boolean): Promise<void> {
    for (const r of this.pendingRecoveries()) {
      if (!now) await this.waitUntil(r.dueAtSeconds);
      await this.recover(r);
    }
  }
}
