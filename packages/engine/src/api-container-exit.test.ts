import { DEFAULT_SUPERVISION_POLICY, judgeApiContainerExit, RestartBudget, resubscribeDelayMs } from './api-container-exit';
import type { ApiContainerExitFacts } from './api-container-exit';

const killed: ApiContainerExitFacts = {
  state: { status: 'stopped', exitCode: 137 },
  lookedAfter: true,
  stoppedByThisEngine: false,
  stopAnnounced: false,
  recentRestarts: 0,
};
const judge = (facts: Partial<ApiContainerExitFacts>) => judgeApiContainerExit({ ...killed, ...facts }, DEFAULT_SUPERVISION_POLICY);

describe('judgeApiContainerExit', () => {
  it('restarts a killed API container of an enclave it looks after', () => {
    expect(judge({})).toEqual({ action: 'restart' });
    expect(judge({ state: { status: 'stopped', exitCode: 1 }, recentRestarts: 4 })).toEqual({ action: 'restart' });
  });

  it.each<[string, Partial<ApiContainerExitFacts>, string]>([
    ['removed', { state: undefined }, 'removed'],
    ['running again (Docker restarted it)', { state: { status: 'running', exitCode: 137 } }, 'running again'],
    ['of an enclave another live engine looks after', { lookedAfter: false }, 'another engine'],
    ['stopped by this engine', { stoppedByThisEngine: true }, 'this engine stopped it'],
    ['stopped with docker stop, even when it had to be killed', { stopAnnounced: true }, 'docker stop'],
    ['exited 0', { state: { status: 'stopped', exitCode: 0 } }, 'exited 0'],
  ])('leaves one %s', (_name, facts, reason) => {
    const verdict = judge(facts);
    expect(verdict.action).toBe('leave');
    expect(verdict).toMatchObject({ reason: expect.stringContaining(reason) });
  });

  it('gives up after too many restarts within the window', () => {
    expect(judge({ recentRestarts: DEFAULT_SUPERVISION_POLICY.maxRestarts })).toEqual({
      action: 'give-up',
      reason: expect.stringContaining('restarted 5 times within 60 s'),
    });
  });
});

describe('RestartBudget', () => {
  it('counts restarts of one container within a sliding window', () => {
    const budget = new RestartBudget({ graceMs: 0, maxRestarts: 2, windowMs: 1_000 });
    budget.record('a', 0);
    budget.record('a', 600);
    budget.record('b', 600);
    expect(budget.recentRestarts('a', 700)).toBe(2);
    expect(budget.recentRestarts('a', 1_100)).toBe(1);
    expect(budget.recentRestarts('a', 1_700)).toBe(0);
    expect(budget.recentRestarts('b', 700)).toBe(1);
    budget.forget('b');
    expect(budget.recentRestarts('b', 700)).toBe(0);
  });
});

describe('resubscribeDelayMs', () => {
  it('backs off exponentially from 250 ms up to 10 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(resubscribeDelayMs)).toEqual([250, 500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  });
});
