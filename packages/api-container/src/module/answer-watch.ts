// Watches an Execute in flight for an answer that can never arrive. A module that answers with
// status or metadata larger than HTTP/2 lets a header block be (64 KiB per header field in Node's
// nghttp2) makes our side of the connection fail silently: Node sends GOAWAY, tells grpc-js
// nothing, and every call on that connection — the Execute and all later ones — waits forever
// (grpc/grpc-node#2399). No transport option changes that, and keepalive pings would both take
// as long and make grpc-go modules hang up on long executes ("too_many_pings").
//
// So while an Execute runs, the module is asked IsAvailable on the same connection now and then.
// A module that does not answer is not yet suspect (it may be busy, or paused): only when the same
// connection stays silent while a fresh connection to the module gets an answer, at the same moment,
// is the connection lost, and the Execute is answered at once. Pure orchestration over two probes.

export type ProbeOutcome = 'answered' | 'timed-out' | 'failed';

export interface ConnectionProbes {
  /** IsAvailable over the connection the Execute uses. */
  current(timeoutMs: number): Promise<ProbeOutcome>;
  /** IsAvailable over a new connection, closed afterwards. */
  fresh(timeoutMs: number): Promise<ProbeOutcome>;
}

export interface AnswerWatchTiming {
  /** Between the end of one check and the start of the next. */
  intervalMs: number;
  /** How long the cheap first probe waits before the connection is suspect. */
  suspicionTimeoutMs: number;
  /** How long both probes of the confirming round wait. */
  confirmTimeoutMs: number;
}

export const ANSWER_WATCH_TIMING: AnswerWatchTiming = { intervalMs: 1_000, suspicionTimeoutMs: 500, confirmTimeoutMs: 1_000 };

/**
 * True when the connection no longer carries answers: it stays silent while a fresh connection,
 * asked at the same time, is answered. A silent module (busy, paused, gone) is never "lost" here:
 * it is silent on both.
 */
export async function isConnectionLost(probes: ConnectionProbes, timing: AnswerWatchTiming = ANSWER_WATCH_TIMING): Promise<boolean> {
  if ((await probes.current(timing.suspicionTimeoutMs)) !== 'timed-out') return false;
  const [current, fresh] = await Promise.all([probes.current(timing.confirmTimeoutMs), probes.fresh(timing.confirmTimeoutMs)]);
  return current === 'timed-out' && fresh === 'answered';
}

/** Checks every interval until stopped; calls onLost once, then stops by itself. */
export function watchAnswer(probes: ConnectionProbes, onLost: () => void, timing: AnswerWatchTiming = ANSWER_WATCH_TIMING): { stop(): void } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const check = async () => {
    const lost = await isConnectionLost(probes, timing).catch(() => false);
    if (stopped) return;
    if (lost) {
      stopped = true;
      onLost();
      return;
    }
    timer = setTimeout(check, timing.intervalMs);
  };
  timer = setTimeout(check, timing.intervalMs);
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
