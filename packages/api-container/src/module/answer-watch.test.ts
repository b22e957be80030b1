import { isConnectionLost, watchAnswer } from './answer-watch';
import type { ConnectionProbes, ProbeOutcome } from './answer-watch';

const FAST = { intervalMs: 5, suspicionTimeoutMs: 1, confirmTimeoutMs: 1 };

/** Probes that answer from scripts, recording the timeouts they were given. */
function scripted(current: ProbeOutcome[], fresh: ProbeOutcome[]): ConnectionProbes & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    current: async (timeoutMs) => {
      calls.push(`current ${timeoutMs}`);
      return current.shift() ?? 'answered';
    },
    fresh: async (timeoutMs) => {
      calls.push(`fresh ${timeoutMs}`);
      return fresh.shift() ?? 'answered';
    },
  };
}

describe('isConnectionLost', () => {
  it('trusts a connection that answers, and opens no second one', async () => {
    const probes = scripted(['answered'], []);
    expect(await isConnectionLost(probes, FAST)).toBe(false);
    expect(probes.calls).toEqual(['current 1']);
  });

  it('is lost when the connection stays silent while a fresh one is answered', async () => {
    expect(await isConnectionLost(scripted(['timed-out', 'timed-out'], ['answered']), FAST)).toBe(true);
  });

  it.each<[string, ProbeOutcome[], ProbeOutcome[]]>([
    ['a module silent on both connections (busy, paused)', ['timed-out', 'timed-out'], ['timed-out']],
    ['a connection that answers again when asked twice', ['timed-out', 'answered'], ['answered']],
    ['a module that cannot be reached at all', ['timed-out', 'timed-out'], ['failed']],
    ['a connection that fails outright (grpc-js sees that itself)', ['failed'], []],
  ])('is not lost for %s', async (_name, current, fresh) => {
    expect(await isConnectionLost(scripted(current, fresh), FAST)).toBe(false);
  });
});

describe('watchAnswer', () => {
  it('keeps checking until the connection is lost, then reports it once and stops', async () => {
    const probes = scripted(['answered', 'answered', 'timed-out', 'timed-out'], ['answered']);
    let lost = 0;
    await new Promise<void>((resolve) => watchAnswer(probes, () => resolve(void (lost += 1)), FAST));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(lost).toBe(1);
    expect(probes.calls).toEqual(['current 1', 'current 1', 'current 1', 'current 1', 'fresh 1']);
  });

  it('probes nothing once stopped', async () => {
    const probes = scripted([], []);
    watchAnswer(probes, () => undefined, FAST).stop();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(probes.calls).toEqual([]);
  });
});
