// Which enclaves the engine destroys because the session that owns them has ended, and when an
// engine that lives only for its sessions removes itself. A session is a client (a test run of
// @kurtosis-ts/testing) that keeps a KeepSession stream open and sends heartbeats on it; each enclave
// it creates carries its ID in a label. Pure: the session reaper feeds it facts and applies the plan.
import { isLookedAfterBy } from './enclave-ownership';

export interface SessionState {
  sessionId: string;
  /** Whether its stream is open now. */
  connected: boolean;
  /** Unix ms of the last heartbeat (the opening one counts). */
  lastHeartbeatMs: number;
  /** Unix ms the stream ended; 0 while connected. */
  disconnectedAtMs: number;
  /** How long after the stream ended its enclaves go. */
  reapAfterMs: number;
  /** How long without a heartbeat, stream open or not, before it counts as dead. */
  heartbeatTimeoutMs: number;
}

export interface SessionEnclave {
  enclaveId: string;
  sessionId: string;
  creatorEngineGuid: string;
}

export interface ReapFacts {
  nowMs: number;
  /** When this engine started: sessions of an enclave it does not know get a grace from then. */
  engineStartedAtMs: number;
  ownEngineGuid: string;
  runningEngineGuids: readonly string[];
  /** The grace for a session this engine does not know (after a restart its client reconnects). */
  unknownSessionGraceMs: number;
}

export interface ReapPlan {
  /** Enclaves to destroy, each with why (for the log). */
  reap: { enclaveId: string; sessionId: string; why: string }[];
  /** Sessions that ended: forgotten once their enclaves are reaped. */
  forget: string[];
}

/** Why a known session counts as ended, or undefined while it lives. */
export function whySessionEnded(session: SessionState, nowMs: number): string | undefined {
  if (!session.connected && nowMs - session.disconnectedAtMs >= session.reapAfterMs) {
    return `its stream ended ${nowMs - session.disconnectedAtMs} ms ago (grace ${session.reapAfterMs} ms)`;
  }
  if (nowMs - session.lastHeartbeatMs >= session.heartbeatTimeoutMs) {
    return `no heartbeat for ${nowMs - session.lastHeartbeatMs} ms (timeout ${session.heartbeatTimeoutMs} ms)`;
  }
  return undefined;
}

export function planSessionReap(sessions: readonly SessionState[], enclaves: readonly SessionEnclave[], facts: ReapFacts): ReapPlan {
  const known = new Map(sessions.map((s) => [s.sessionId, s]));
  const reap: ReapPlan['reap'] = [];
  for (const enclave of enclaves) {
    if (!enclave.sessionId) continue;
    const session = known.get(enclave.sessionId);
    if (session) {
      const why = whySessionEnded(session, facts.nowMs);
      if (why) reap.push({ enclaveId: enclave.enclaveId, sessionId: enclave.sessionId, why: `session '${enclave.sessionId}' ended: ${why}` });
      continue;
    }
    // A session this engine does not know: its own from before a restart (the client reconnects
    // within the grace), or one of a dead engine (an orphan: someone has to). Another live engine's
    // sessions are that engine's business.
    if (!isLookedAfterBy(enclave.creatorEngineGuid, facts.ownEngineGuid, facts.runningEngineGuids)) continue;
    if (facts.nowMs - facts.engineStartedAtMs < facts.unknownSessionGraceMs) continue;
    const whose = enclave.creatorEngineGuid === facts.ownEngineGuid ? 'this engine' : `engine ${enclave.creatorEngineGuid}, which no longer runs`;
    reap.push({ enclaveId: enclave.enclaveId, sessionId: enclave.sessionId, why: `session '${enclave.sessionId}' of ${whose} is not open` });
  }
  // An ended session's enclaves are all in `reap`; one whose destroy fails is found again as an
  // enclave of an unknown session on the next pass.
  const forget = sessions.filter((s) => whySessionEnded(s, facts.nowMs) !== undefined).map((s) => s.sessionId);
  return { reap, forget };
}

/**
 * An engine started for its sessions only (the test kit's) removes itself once none has been open
 * for `idleMs`: since it started, or since the last one ended and its enclaves were reaped.
 */
export function shouldEngineExit(sessions: readonly SessionState[], idleSinceMs: number, nowMs: number, idleMs: number | undefined): boolean {
  if (idleMs === undefined) return false;
  if (sessions.length > 0) return false;
  return nowMs - idleSinceMs >= idleMs;
}

const SESSION_ID = /^[A-Za-z0-9._-]{1,63}$/;

/** Why a session ID is refused, or undefined. */
export function explainInvalidSessionId(sessionId: string): string | undefined {
  return SESSION_ID.test(sessionId) ? undefined : `session ID must be 1 to 63 letters, digits, '.', '_' or '-'`;
}

export const SESSION_BOUNDS = {
  reapAfterMs: { min: 0, max: 10 * 60_000, fallback: 2_000 },
  heartbeatTimeoutMs: { min: 1_000, max: 60 * 60_000, fallback: 60_000 },
};

/** Clamps what a client asked for; 0 (unset on the wire) takes the fallback. */
export function boundedSetting(asked: number, bounds: { min: number; max: number; fallback: number }): number {
  if (!asked) return bounds.fallback;
  return Math.min(bounds.max, Math.max(bounds.min, asked));
}
