// One run of a plan: its steps in order, rollouts batch by batch (each replaced service must be
// ready within the step's timeout; a failed batch is rolled back and the run stops), scale-outs and
// scale-ins, execs collecting exit codes and output, pauses between steps, and the event log of all
// of it. Everything that touches the enclave goes through MutationEffects, so the orchestration is
// tested against a recording fake; a dry run reads configurations but changes nothing.
import type { ServiceConfiguration, ServiceConfigurationInfo } from '@kurtosis-ts/module-api-lib';
import { describeChange, reconfigured, upgraded } from './config-change';
import type { Readiness } from './mutation-params';
import type { PlannedExec, PlannedRollout, PlannedScaleIn, PlannedScaleOut, PlannedStep } from './mutation-plan';

/** What a run does to the enclave (EnclaveMutations on a real one). */
export interface MutationEffects {
  getConfig(serviceId: string): Promise<ServiceConfigurationInfo>;
  replace(serviceId: string, config: ServiceConfiguration, stopTimeoutSeconds: number): Promise<void>;
  restart(serviceId: string, stopTimeoutSeconds: number): Promise<void>;
  /** Resolves when the service is ready; rejects saying why not once `timeoutSeconds` have passed (or at once when it exited). */
  waitReady(serviceId: string, readiness: Readiness, timeoutSeconds: number): Promise<void>;
  /** Starts `serviceId` from the template's configuration, in its partition. */
  addClone(serviceId: string, template: ServiceConfigurationInfo): Promise<void>;
  remove(serviceId: string, stopTimeoutSeconds: number): Promise<void>;
  exec(serviceId: string, argv: string[]): Promise<{ exitCode: number; output: string }>;
  sleep(seconds: number): Promise<void>;
}

export type EventAction = 'upgrade' | 'reconfigure' | 'restart' | 'rollback' | 'add' | 'remove' | 'exec' | 'pause';

export interface MutationEvent {
  step: number;
  /** Batch within a rollout, from 0. */
  batch?: number;
  serviceId: string;
  action: EventAction;
  from?: string;
  to?: string;
  /** Seconds since the run started when the action began. */
  atSeconds: number;
  durationMs: number;
  /** `would-do` in a dry run; `failed` says why in `error`. */
  outcome: 'done' | 'would-do' | 'failed';
  error?: string;
  exitCode?: number;
  output?: string;
}

export interface MutationReport {
  status: 'finished' | 'failed' | 'dry-run';
  stepsPlanned: number;
  /** Steps that ran to their end (a failed one not included). */
  stepsCompleted: number;
  events: MutationEvent[];
  /** The step that failed, and why; its failed batch was rolled back. */
  failedStep?: number;
  error?: string;
  /** Seeds of random scale-ins, by step, to repeat the run. */
  seeds: Record<string, number>;
}

class StepFailed extends Error {}

const messageOf = (err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  return message.length > 1000 ? `${message.slice(0, 1000)}…` : message;
};

export function cutOutput(output: string, maxBytes: number): string {
  const bytes = Buffer.from(output);
  if (bytes.length <= maxBytes) return output;
  return `${bytes.subarray(0, maxBytes).toString('utf8')}… (${bytes.length - maxBytes} more bytes)`;
}

export class MutationRun {
  private readonly events: MutationEvent[] = [];
  private startedAt = 0;

  constructor(
    private readonly effects: MutationEffects,
    private readonly plan: readonly PlannedStep[],
    private readonly options: { dryRun: boolean; pauseBetweenSeconds: number },
    private readonly now: () => number = Date.now,
  ) {}

  async complete(): Promise<MutationReport> {
    this.startedAt = this.now();
    const seeds = Object.fromEntries(this.plan.flatMap((s) => (s.kind === 'scale-in' && s.seed !== undefined ? [[String(s.index), s.seed]] : [])));
    let completed = 0;
    for (const [i, step] of this.plan.entries()) {
      if (i > 0 && this.options.pauseBetweenSeconds > 0) {
        await this.timed({ step: step.index, serviceId: '', action: 'pause', to: `${this.options.pauseBetweenSeconds} s` }, () => this.effects.sleep(this.options.pauseBetweenSeconds));
      }
      try {
        await this.runStep(step);
        completed++;
      } catch (err) {
        const error = err instanceof StepFailed ? err.message : messageOf(err);
        return { status: 'failed', stepsPlanned: this.plan.length, stepsCompleted: completed, events: this.events, failedStep: step.index, error, seeds };
      }
    }
    return { status: this.options.dryRun ? 'dry-run' : 'finished', stepsPlanned: this.plan.length, stepsCompleted: completed, events: this.events, seeds };
  }

  private runStep(step: PlannedStep): Promise<void> {
    switch (step.kind) {
      case 'rollout':
        return this.rollout(step);
      case 'scale-out':
        return this.scaleOut(step);
      case 'scale-in':
        return this.scaleIn(step);
      case 'exec':
        return this.execAll(step);
    }
  }

  private async rollout(planned: PlannedRollout): Promise<void> {
    const { step } = planned;
    for (const [batch, serviceIds] of planned.batches.entries()) {
      // Configurations are read first: a service that cannot be read fails the batch before any is replaced.
      const before = new Map<string, ServiceConfiguration>();
      if (step.action !== 'restart') {
        for (const id of serviceIds) before.set(id, (await this.effects.getConfig(id)).config);
      }
      const touched: string[] = [];
      const results = await Promise.allSettled(
        serviceIds.map(async (serviceId) => {
          const old = before.get(serviceId);
          const next = old && (step.action === 'upgrade' ? upgraded(old, step) : step.action === 'reconfigure' ? reconfigured(old, step) : old);
          const change = old && next ? describeChange(old, next) : {};
          await this.timed({ step: planned.index, batch, serviceId, action: step.action, ...change }, async () => {
            touched.push(serviceId);
            if (next) await this.effects.replace(serviceId, next, step.stopTimeoutSeconds);
            else await this.effects.restart(serviceId, step.stopTimeoutSeconds);
            await this.effects.waitReady(serviceId, step.readiness, step.readinessTimeoutSeconds);
          });
        }),
      );
      const failures = results.flatMap((r, i) => (r.status === 'rejected' ? [`${serviceIds[i]}: ${messageOf(r.reason)}`] : []));
      if (failures.length === 0) continue;
      // Roll the whole batch back: services that did get the change too, so the batch is as it was.
      const rollbacks = await Promise.allSettled(
        touched
          .filter((id) => before.has(id))
          .map((serviceId) => {
            const old = before.get(serviceId) as ServiceConfiguration;
            return this.timed({ step: planned.index, batch, serviceId, action: 'rollback', to: old.image }, async () => {
              await this.effects.replace(serviceId, old, step.stopTimeoutSeconds);
              await this.effects.waitReady(serviceId, step.readiness, step.readinessTimeoutSeconds);
            });
          }),
      );
      const rollbackFailures = rollbacks.filter((r) => r.status === 'rejected').length;
      const rolledBack = step.action === 'restart' ? 'nothing to roll back (a restart keeps the configuration)' : rollbackFailures > 0 ? `rolling back failed for ${rollbackFailures} of them` : 'the batch was rolled back';
      throw new StepFailed(`step ${planned.index} (${step.action}), batch ${batch}: ${failures.join('; ')}; ${rolledBack}; the steps after it did not run`);
    }
  }

  private async scaleOut(planned: PlannedScaleOut): Promise<void> {
    const template = await this.effects.getConfig(planned.template);
    for (const serviceId of planned.newServiceIds) {
      await this.must({ step: planned.index, serviceId, action: 'add', from: planned.template, to: `partition ${template.partitionId}` }, () => this.effects.addClone(serviceId, template));
    }
  }

  private async scaleIn(planned: PlannedScaleIn): Promise<void> {
    for (const serviceId of planned.removed) {
      await this.must({ step: planned.index, serviceId, action: 'remove', ...(planned.seed !== undefined ? { to: `chosen at random, seed ${planned.seed}` } : { to: `chosen ${planned.step.choose}` }) }, () =>
        this.effects.remove(serviceId, planned.step.stopTimeoutSeconds),
      );
    }
  }

  private async execAll(planned: PlannedExec): Promise<void> {
    const { step } = planned;
    const results = await Promise.all(
      planned.services.map(async (serviceId) => {
        const event = this.begin({ step: planned.index, serviceId, action: 'exec', to: JSON.stringify(step.command).slice(0, 200) });
        if (this.options.dryRun) return this.end(event, 'would-do');
        try {
          const { exitCode, output } = await this.effects.exec(serviceId, step.command);
          const ok = step.okExitCodes.includes(exitCode);
          return this.end(event, ok ? 'done' : 'failed', { exitCode, output: cutOutput(output, step.maxOutputBytes), ...(ok ? {} : { error: `exit code ${exitCode}` }) });
        } catch (err) {
          return this.end(event, 'failed', { error: messageOf(err) });
        }
      }),
    );
    const failed = results.filter((e) => e.outcome === 'failed');
    if (failed.length > 0) throw new StepFailed(`step ${planned.index} (exec): ${failed.map((e) => `${e.serviceId}: ${e.error}`).join('; ')}`);
  }

  /** Runs `act` as one event; a failure fails the step. */
  private async must(fields: Omit<MutationEvent, 'atSeconds' | 'durationMs' | 'outcome'>, act: () => Promise<void>): Promise<void> {
    try {
      await this.timed(fields, act);
    } catch (err) {
      throw new StepFailed(`step ${fields.step} (${fields.action} ${fields.serviceId}): ${messageOf(err)}`);
    }
  }

  /** One event around `act`: done, failed (rethrown), or, in a dry run, would-do without acting (unless `always`). */
  private async timed(fields: Omit<MutationEvent, 'atSeconds' | 'durationMs' | 'outcome'>, act: () => Promise<void>, always = false): Promise<void> {
    const event = this.begin(fields);
    if (this.options.dryRun && !always) {
      this.end(event, 'would-do');
      return;
    }
    try {
      await act();
      this.end(event, 'done');
    } catch (err) {
      this.end(event, 'failed', { error: messageOf(err) });
      throw err;
    }
  }

  private begin(fields: Omit<MutationEvent, 'atSeconds' | 'durationMs' | 'outcome'>): { fields: typeof fields; at: number } {
    return { fields, at: this.now() };
  }

  private end(event: { fields: Omit<MutationEvent, 'atSeconds' | 'durationMs' | 'outcome'>; at: number }, outcome: MutationEvent['outcome'], extra: Partial<MutationEvent> = {}): MutationEvent {
    const done: MutationEvent = {
      ...event.fields,
      atSeconds: Math.round((event.at - this.startedAt) / 100) / 10,
      durationMs: this.now() - event.at,
      outcome,
      ...extra,
    };
    this.events.push(done);
    return done;
  }
}
