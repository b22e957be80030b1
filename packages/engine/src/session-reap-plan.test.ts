import { boundedSetting, explainInvalidSessionId, planSessionReap, SESSION_BOUNDS, shouldEngineExit, whySessionEnded } from './session-reap-plan';
import type { ReapFacts, SessionState } from './session-reap-plan';

const session = (sessionId: string, over: Partial<SessionState> = {}): SessionState => ({
  sessionId,
  connected: true,
  lastHeartbeatMs: 10_000,
  disconnectedAtMs: 0,
  reapAfterMs: 2_000,
  heartbeatTimeoutMs: 30_000,
  ...over,
});
const facts = (over: Partial<ReapFacts> = {}): ReapFacts => ({
  nowMs: 11_000,
  engineStartedAtMs: 0,
  ownEngineGuid: 'self',
  runningEngineGuids: ['self', 'other'],
  unknownSessionGraceMs: 5_000,
  ...over,
});

describe('whySessionEnded', () => {
  it('keeps a connected session that sends heartbeats', () => {
    expect(whySessionEnded(session('s'), 11_000)).toBeUndefined();
  });

  it('keeps a disconnected session within its grace, and ends it after', () => {
    const s = session('s', { connected: false, disconnectedAtMs: 10_000 });
    expect(whySessionEnded(s, 11_999)).toBeUndefined();
    expect(whySessionEnded(s, 12_000)).toContain('its stream ended 2000 ms ago');
  });

  it('ends a session whose heartbeats stopped even though its stream looks open', () => {
    expect(whySessionEnded(session('s'), 40_000)).toContain('no heartbeat for 30000 ms');
  });
});

describe('planSessionReap', () => {
  it('reaps exactly the enclaves of an ended session, and forgets it', () => {
    const plan = planSessionReap(
      [session('dead', { connected: false, disconnectedAtMs: 1_000 }), session('alive')],
      [
        { enclaveId: 'a', sessionId: 'dead', creatorEngineGuid: 'self' },
        { enclaveId: 'b', sessionId: 'alive', creatorEngineGuid: 'self' },
        { enclaveId: 'c', sessionId: '', creatorEngineGuid: 'self' },
      ],
      facts(),
    );
    expect(plan.reap.map((r) => r.enclaveId)).toEqual(['a']);
    expect(plan.reap[0].why).toContain("session 'dead' ended");
    expect(plan.forget).toEqual(['dead']);
  });

  it("leaves another running engine's sessions alone, and reaps a dead engine's after the grace", () => {
    const enclaves = [
      { enclaveId: 'theirs', sessionId: 'x', creatorEngineGuid: 'other' },
      { enclaveId: 'orphan', sessionId: 'y', creatorEngineGuid: 'gone' },
      { enclaveId: 'nobody', sessionId: 'z', creatorEngineGuid: '' },
    ];
    expect(planSessionReap([], enclaves, facts({ nowMs: 4_000 })).reap).toEqual([]);
    const plan = planSessionReap([], enclaves, facts({ nowMs: 6_000 }));
    expect(plan.reap.map((r) => r.enclaveId)).toEqual(['orphan']);
    expect(plan.reap[0].why).toContain('engine gone, which no longer runs');
  });

  it('gives its own unknown sessions the grace after a restart', () => {
    const enclaves = [{ enclaveId: 'mine', sessionId: 'before-restart', creatorEngineGuid: 'self' }];
    expect(planSessionReap([], enclaves, facts({ engineStartedAtMs: 10_000, nowMs: 12_000 })).reap).toEqual([]);
    expect(planSessionReap([], enclaves, facts({ engineStartedAtMs: 10_000, nowMs: 15_000 })).reap.map((r) => r.enclaveId)).toEqual(['mine']);
  });
});

describe('shouldEngineExit', () => {
  it('never exits when not bound to sessions', () => {
    expect(shouldEngineExit([], 0, 1e9, undefined)).toBe(false);
  });

  it('exits once no session has been open for the idle time', () => {
    expect(shouldEngineExit([session('s')], 0, 1e9, 1_000)).toBe(false);
    expect(shouldEngineExit([], 5_000, 5_999, 1_000)).toBe(false);
    expect(shouldEngineExit([], 5_000, 6_000, 1_000)).toBe(true);
  });
});

describe('session settings', () => {
  it('checks session IDs', () => {
    expect(explainInvalidSessionId('jest-1234.a_b')).toBeUndefined();
    expect(explainInvalidSessionId('')).toContain('1 to 63');
    expect(explainInvalidSessionId('a/b')).toContain('1 to 63');
  });

  it('bounds what a client asks for, 0 meaning the default', () => {
    expect(boundedSetting(0, SESSION_BOUNDS.reapAfterMs)).toBe(2_000);
    expect(boundedSetting(1e9, SESSION_BOUNDS.reapAfterMs)).toBe(600_000);
    expect(boundedSetting(5, SESSION_BOUNDS.heartbeatTimeoutMs)).toBe(1_000);
  });
});
