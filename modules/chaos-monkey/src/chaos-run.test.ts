import { ChaosRun } from './chaos-run';
import type { ChaosEffects } from './chaos-run';
import { parseExecuteParams } from './chaos-params';
import type { RunParams } from './chaos-params';
import type { Strike } from './victim-picker';

const TARGETS = ['a', 'b', 'c', 'd'];

function runParams(extra: Record<string, unknown>): RunParams {
  return parseExecuteParams(JSON.stringify({ targets: { serviceIds: TARGETS }, intervalSeconds: 0, recoverAfterSeconds: 0, ...extra })) as RunParams;
}

/** Records what a real run would do to the enclave; fails strikes on the services named. */
class RecordingEffects implements ChaosEffects {
  readonly calls: string[] = [];
  constructor(private readonly failing: string[] = []) {}
  async strike(s: Strike): Promise<void> {
    if (this.failing.includes(s.serviceId)) throw new Error(`no such service '${s.serviceId}'`);
    this.calls.push(`${s.action} ${s.serviceId}`);
  }
  async recover(s: Strike): Promise<void> {
    this.calls.push(`recover ${s.action} ${s.serviceId}`);
  }
  async healAll(): Promise<void> {
    this.calls.push('heal all');
  }
}

const decisions = (report: { events: { round: number; serviceId: string; action: string }[] }) => report.events.map((e) => `${e.round} ${e.action} ${e.serviceId}`);

describe('ChaosRun', () => {
  it('leashed, reports what it would do and touches nothing', async () => {
    const report = await new ChaosRun(undefined, TARGETS, runParams({ rounds: 5, actions: ['remove', 'pause'], maxVictimsPerRound: 2 }), 3).complete();
    expect(report.status).toBe('finished');
    expect(report.leashed).toBe(true);
    expect(report.events.length).toBeGreaterThan(0);
    expect(report.events.every((e) => e.outcome === 'would-do')).toBe(true);
    expect(report.roundsRun).toBe(5);
  });

  it('makes the same decisions leashed and unleashed for one seed, and strikes what it says', async () => {
    const params = runParams({ rounds: 6, actions: ['kill', 'pause', 'isolate'], maxVictimsPerRound: 2, minSurvivors: 1 });
    const leashed = await new ChaosRun(undefined, TARGETS, params, 77).complete();
    const effects = new RecordingEffects();
    const unleashed = await new ChaosRun(effects, TARGETS, { ...params, leashed: false }, 77).complete();
    expect(decisions(unleashed)).toEqual(decisions(leashed));
    expect(unleashed.events.every((e) => e.outcome === 'done')).toBe(true);
    // healAll first (isolate is allowed), then exactly the logged strikes and recoveries, in order.
    const logged = unleashed.events.map((e) => (e.action === 'unpause' ? `recover pause ${e.serviceId}` : e.action === 'heal' ? `recover isolate ${e.serviceId}` : `${e.action} ${e.serviceId}`));
    expect(effects.calls).toEqual(['heal all', ...logged]);
    expect(unleashed.down).toEqual(leashed.down);
  });

  it('never lets fewer than minSurvivors targets stay up, and keeps them out of down', async () => {
    for (let seed = 0; seed < 20; seed++) {
      const report = await new ChaosRun(undefined, TARGETS, runParams({ rounds: 10, actions: ['remove'], maxVictimsPerRound: 3, minSurvivors: 2 }), seed).complete();
      expect(report.down).toHaveLength(2);
      expect(report.survivors).toHaveLength(2);
      expect(report.roundsWithoutStrike.length).toBeGreaterThan(0);
    }
  });

  it('undoes every pause by the end, so only removals and kills are down', async () => {
    const report = await new ChaosRun(undefined, TARGETS, runParams({ rounds: 4, actions: ['pause'], recoverAfterSeconds: 100, intervalSeconds: 1 }), 5).complete();
    const pauses = report.events.filter((e) => e.action === 'pause');
    const unpauses = report.events.filter((e) => e.action === 'unpause');
    expect(unpauses.map((e) => e.serviceId).sort()).toEqual(pauses.map((e) => e.serviceId).sort());
    expect(unpauses.every((e) => e.atSeconds >= 100)).toBe(true);
    expect(report.down).toEqual([]);
    expect(report.survivors).toEqual(TARGETS);
  });

  it('logs a failed strike with its error and keeps the service a candidate', async () => {
    const effects = new RecordingEffects(['a', 'b', 'c', 'd']);
    const report = await new ChaosRun(effects, TARGETS, { ...runParams({ rounds: 2 }), leashed: false }, 1).complete();
    expect(report.events).toHaveLength(2);
    expect(report.events[0]).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/^no such service '[abcd]'$/) });
    expect(report.down).toEqual([]);
  });

  it('stops between rounds when asked and undoes pending pauses at once', async () => {
    const effects = new RecordingEffects();
    const run = new ChaosRun(effects, TARGETS, { ...runParams({ rounds: 10, intervalSeconds: 60, recoverAfterSeconds: 600, actions: ['pause'] }), leashed: false }, 2);
    const done = run.complete();
    // The first round strikes at once; the run then waits a minute for the second.
    await new Promise<void>((resolve) => {
      const poll = () => (effects.calls.length > 0 ? resolve() : setImmediate(poll));
      poll();
    });
    const report = await run.stop();
    expect(report.status).toBe('stopped');
    expect(report.roundsRun).toBe(1);
    expect(effects.calls).toEqual([effects.calls[0], `recover ${effects.calls[0]}`]);
    expect(await done).toEqual(report);
  });

  it('fails a bounded run whose isolate pre-check fails, having touched nothing', async () => {
    const effects: ChaosEffects = {
      strike: jest.fn(),
      recover: jest.fn(),
      healAll: async () => {
        throw new Error('isolate needs an enclave with partitioning');
      },
    };
    const run = new ChaosRun(effects, TARGETS, { ...runParams({ actions: ['isolate'] }), leashed: false }, 1);
    await expect(run.complete()).rejects.toThrow('isolate needs an enclave with partitioning');
    expect(run.report()).toMatchObject({ status: 'failed', events: [], error: 'isolate needs an enclave with partitioning' });
    expect(effects.strike).not.toHaveBeenCalled();
  });
});
