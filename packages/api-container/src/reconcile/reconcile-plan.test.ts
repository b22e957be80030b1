import type { ObservedObject } from './reconcile-plan';
import { planReconcile, REVIVAL_WINDOW_MS } from './reconcile-plan';

/** Objects named by plain strings here; the reconciler names them by ObjectRef. */
type ObservedContainer = ObservedObject<string>;

const ENDED = 1_800_000_000_000;

function container(fields: Partial<ObservedContainer> & Pick<ObservedContainer, 'ref' | 'kind'>): ObservedContainer {
  return { objectId: fields.ref, guid: `${fields.ref}-guid`, status: 'running', neverStarted: false, finishedAtMs: 0, attached: true, ...fields };
}

describe('planReconcile: what a crash left half-made', () => {
  it('removes expanders, never-started service containers and sidecars without a service', () => {
    const plan = planReconcile({
      previousRunEndedAtMs: 0,
      intents: {},
      objects: [
        container({ ref: 'expander', kind: 'files-artifact-expander', objectId: 'bundle' }),
        container({ ref: 'half', kind: 'user-service', objectId: 'web', guid: 'web-1', status: 'stopped', neverStarted: true }),
        container({ ref: 'half-sidecar', kind: 'networking-sidecar', objectId: 'web', guid: 'web-1' }),
        container({ ref: 'orphan-sidecar', kind: 'networking-sidecar', objectId: 'db', guid: 'db-1' }),
        container({ ref: 'fine', kind: 'user-service', objectId: 'api', guid: 'api-1' }),
        container({ ref: 'fine-sidecar', kind: 'networking-sidecar', objectId: 'api', guid: 'api-1' }),
      ],
    });
    expect(plan.remove.map((r) => r.ref)).toEqual(['expander', 'half', 'half-sidecar', 'orphan-sidecar']);
    expect(plan.remove[1].why).toContain("service 'web' created but never started");
    expect(plan).toMatchObject({ reviveSidecars: [], reviveServices: [], reviveModules: [] });
  });

  it('revives nothing on a first run', () => {
    const plan = planReconcile({
      previousRunEndedAtMs: 0,
      intents: {},
      objects: [container({ ref: 's', kind: 'user-service', status: 'stopped', finishedAtMs: ENDED })],
    });
    expect(plan.reviveServices).toEqual([]);
  });
});

describe("planReconcile: after the platform's daemon restarted", () => {
  const stoppedWithUs = { status: 'stopped' as const, finishedAtMs: ENDED + 3_000 };

  it('starts the services and modules that ended with it, sidecars first', () => {
    const plan = planReconcile({
      previousRunEndedAtMs: ENDED,
      intents: { db: 'paused' },
      objects: [
        container({ ref: 'web', kind: 'user-service', guid: 'web-1', ...stoppedWithUs }),
        container({ ref: 'web-sidecar', kind: 'networking-sidecar', objectId: 'web', guid: 'web-1', ...stoppedWithUs }),
        container({ ref: 'db', kind: 'user-service', guid: 'db-1', status: 'stopped', finishedAtMs: ENDED - REVIVAL_WINDOW_MS + 1 }),
        container({ ref: 'army', kind: 'module', ...stoppedWithUs }),
      ],
    });
    expect(plan.reviveSidecars).toEqual([{ objectId: 'web', ref: 'web-sidecar' }]);
    expect(plan.reviveServices).toEqual([
      { objectId: 'web', ref: 'web', pauseAfterStart: false },
      { objectId: 'db', ref: 'db', pauseAfterStart: true },
    ]);
    expect(plan.reviveModules).toEqual([{ objectId: 'army', ref: 'army' }]);
    expect(plan.remove).toEqual([]);
  });

  it('leaves what ended long before, what was stopped on purpose, what was removed, and what runs', () => {
    const plan = planReconcile({
      previousRunEndedAtMs: ENDED,
      intents: { stopped: 'stopped' },
      objects: [
        container({ ref: 'crashed-long-ago', kind: 'user-service', status: 'stopped', finishedAtMs: ENDED - REVIVAL_WINDOW_MS - 1 }),
        container({ ref: 'stopped', kind: 'user-service', ...stoppedWithUs }),
        container({ ref: 'removed', kind: 'user-service', attached: false, ...stoppedWithUs }),
        container({ ref: 'running', kind: 'user-service' }),
        container({ ref: 'dead-module', kind: 'module', status: 'stopped', finishedAtMs: ENDED - 60_000 }),
      ],
    });
    expect(plan).toEqual({ remove: [], reviveSidecars: [], reviveServices: [], reviveModules: [] });
  });
});
