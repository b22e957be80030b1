// The engine's sessions and the loop that destroys the enclaves of ended ones (session-reap-plan.ts
// decides, this applies). An engine started with KURTOSIS_ENGINE_EXIT_AFTER_IDLE_MS (the test kit's)
// also removes its own container once no session has been open for that long, so a killed test run
// leaves neither enclaves nor an engine behind.
import { trustedId } from '@kurtosis-ts/domain';
import type { EnclaveId } from '@kurtosis-ts/domain';
import type { EngineBackend } from '@kurtosis-ts/container-backend';
import type { Logger } from 'pino';
import { planSessionReap, shouldEngineExit } from './session-reap-plan';
import type { SessionState } from './session-reap-plan';

export interface SessionReaperDeps {
  backend: EngineBackend;
  /** This engine's guid: what it writes as the creator of its enclaves, and how it finds itself. */
  engineGuid: string;
  log: Logger;
  destroyEnclave: (enclaveId: EnclaveId) => Promise<void>;
  /** Set for an engine that lives for its sessions only. */
  exitAfterIdleMs?: number;
  /** How often the sessions are looked at (default 500 ms). */
  tickMs?: number;
  /** The grace for enclaves of sessions this engine does not know (default 10 s). */
  unknownSessionGraceMs?: number;
  /** Removes this engine from the platform (default: the engine of its own guid, then `exit`). */
  removeSelf?: () => Promise<void>;
  /** Ends the process once the engine has removed itself (default: process.exit(0)). */
  exit?: () => void;
  now?: () => number;
}

export class SessionReaper {
  private readonly sessions = new Map<string, SessionState & { stream?: object }>();
  private readonly startedAtMs: number;
  private idleSinceMs: number;
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  private lastOrphanCheckMs = 0;

  constructor(private readonly deps: SessionReaperDeps) {
    this.startedAtMs = this.now();
    this.idleSinceMs = this.startedAtMs;
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  isOpen(sessionId: string): boolean {
    return this.sessions.has(sessionId);
  }

  /** A stream opened (or took over) the session. */
  open(sessionId: string, stream: object, settings: { reapAfterMs: number; heartbeatTimeoutMs: number }): void {
    const now = this.now();
    this.sessions.set(sessionId, { sessionId, connected: true, lastHeartbeatMs: now, disconnectedAtMs: 0, ...settings, stream });
    this.deps.log.info({ sessionId, ...settings }, 'session open');
  }

  heartbeat(sessionId: string, stream: object): void {
    const session = this.sessions.get(sessionId);
    if (session?.stream === stream) session.lastHeartbeatMs = this.now();
  }

  /** The stream ended; a newer stream of the same session is not affected. */
  disconnect(sessionId: string, stream: object): void {
    const session = this.sessions.get(sessionId);
    if (!session || session.stream !== stream) return;
    session.connected = false;
    session.disconnectedAtMs = this.now();
    session.stream = undefined;
    this.deps.log.info({ sessionId, reapAfterMs: session.reapAfterMs }, 'session stream ended');
  }

  list(): { sessionId: string; connected: boolean }[] {
    return [...this.sessions.values()].map((s) => ({ sessionId: s.sessionId, connected: s.connected }));
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.deps.tickMs ?? 500);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One look at the sessions: reap what ended, then maybe remove this engine. */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const now = this.now();
      const anyEnded = [...this.sessions.values()].some((s) => !s.connected || now - s.lastHeartbeatMs >= s.heartbeatTimeoutMs);
      // The backend is asked only when something may have to go, and for orphans of dead engines every 30 s.
      if (anyEnded || now - this.lastOrphanCheckMs >= 30_000) {
        this.lastOrphanCheckMs = now;
        await this.reap(now);
      }
      if (this.sessions.size > 0) this.idleSinceMs = this.now();
      if (shouldEngineExit([...this.sessions.values()], this.idleSinceMs, this.now(), this.deps.exitAfterIdleMs)) await this.removeSelf();
    } catch (err) {
      this.deps.log.warn({ err }, 'reaping ended sessions failed; trying again');
    } finally {
      this.ticking = false;
    }
  }

  private async reap(now: number): Promise<void> {
    const { backend, log } = this.deps;
    const [enclaves, engines] = await Promise.all([backend.getEnclaves(), backend.getEngines()]);
    const plan = planSessionReap(
      [...this.sessions.values()],
      enclaves.map((e) => ({ enclaveId: e.id, sessionId: e.sessionId, creatorEngineGuid: e.creatorEngineGuid })),
      {
        nowMs: now,
        engineStartedAtMs: this.startedAtMs,
        ownEngineGuid: this.deps.engineGuid,
        runningEngineGuids: engines.filter((e) => e.status === 'running').map((e) => e.guid),
        unknownSessionGraceMs: this.deps.unknownSessionGraceMs ?? 10_000,
      },
    );
    for (const sessionId of plan.forget) this.sessions.delete(sessionId);
    await Promise.all(
      plan.reap.map(async ({ enclaveId, why }) => {
        log.info({ enclaveId }, `reaping enclave: ${why}`);
        // The plan names enclaves the backend listed.
        await this.deps.destroyEnclave(trustedId<EnclaveId>(enclaveId)).catch((err: unknown) => log.warn({ enclaveId, err }, 'reaping the enclave failed'));
      }),
    );
    if (plan.forget.length > 0) this.idleSinceMs = this.now();
  }

  private async removeSelf(): Promise<void> {
    this.stop();
    this.deps.log.info({ idleMs: this.deps.exitAfterIdleMs }, 'no session is open any more; this engine removes itself');
    if (this.deps.removeSelf) return this.deps.removeSelf();
    const own = (await this.deps.backend.getEngines()).find((e) => e.guid === this.deps.engineGuid);
    if (own) await this.deps.backend.destroyEngine(own.guid);
    (this.deps.exit ?? (() => process.exit(0)))();
  }
}

/** KURTOSIS_ENGINE_EXIT_AFTER_IDLE_MS: set (by the test kit) for an engine that lives for its sessions only. */
export function exitAfterIdleMsFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const value = Number(env['KURTOSIS_ENGINE_EXIT_AFTER_IDLE_MS'] ?? '');
  return Number.isFinite(value) && value > 0 ? value : undefined;
}
