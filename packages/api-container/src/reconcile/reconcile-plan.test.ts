import type { ObservedContainer } from './reconcile-plan';
import { planReconcile, REVIVAL_WINDOW_MS } from './reconcile-plan';

const ENDED = 1_800_000_000_000;

function container(fields: Partial<ObservedContainer> & Pick<ObservedContainer, 'containerId' | 'containerType'>): ObservedContainer {
  return { objectId: fields.containerId, guid: `${fields.containerId}-guid`, status: 'running', neverStarted: false, finishedAtMs: 0, attached: true, ...fields };
}

describe('planReconcile: what a crash left half-made', () => {
  it('removes expanders, never-started service containers and sidecars without a service', () => {
    const plan = planReconcile({
      previousRunEndedAtMs: 0,
      intents: {},
      containers: [
        container({ containerId: 'expander', containerType: 'files-artifact-expander', objectId: 'bundle' }),
        container({ containerId: 'half', containerType: 'user-service', objectId: 'web', guid: 'web-1', status: 'stopped', neverStarted: true }),
        container({ containerId: 'half-sidecar', containerType: 'networking-sidecar', objectId: 'web', guid: 'web-1' }),
        container({ containerId: 'orphan-sidecar', containerType: 'networking-sidecar', objectId: 'db', guid: 'db-1' }),
        container({ containerId: 'fine', containerType: 'user-service', objectId: 'api', guid: 'api-1' }),
        container({ containerId: 'fine-sidecar', containerType: 'networking-sidecar', objectId: 'api', guid: 'api-1' }),
      ],
    });
    expect(plan.remove.map((r) => r.containerId)).toEqual(['expander', 'half', 'half-sidecar', 'orphan-sidecar']);
    expect(plan.remove[1].why).toContain("service 'web' created but never started");
    expect(plan).toMatchObject({ reviveSidecars: [], reviveServices: [], reviveModules: [] });
  });

  it('revives nothing on a first run', () => {
    const plan = planReconcile({
      previousRunEndedAtMs: 0,
      intents: {},
      containers: [container({ containerId: 's', containerType: 'user-service', status: 'stopped', finishedAtMs: ENDED })],
    });
    expect(plan.reviveServices).toEqual([]);
  });
});

describe('planReconcile: after the Docker daemon restarted', () => {
  const stoppedWithUs = { status: 'stopped' as const, finishedAtMs: ENDED + 3_000 };

  it('starts the services and modules that ended with it, sidecars first', () => {
    const plan = planReconcile({
      previousRunEndedAtMs: ENDED,
      intents: { db: 'paused' },
      containers: [
        container({ containerId: 'web', containerType: 'user-service', guid: 'web-1', ...stoppedWithUs }),
        container({ containerId: 'web-sidecar', containerType: 'networking-sidecar', objectId: 'web', guid: 'web-1', ...stoppedWithUs }),
        container({ containerId: 'db', containerType: 'user-service', guid: 'db-1', status: 'stopped', finishedAtMs: ENDED - REVIVAL_WINDOW_MS + 1 }),
        container({ containerId: 'army', containerType: 'module', ...stoppedWithUs }),
      ],
    });
    expect(plan.reviveSidecars).toEqual([{ objectId: 'web', containerId: 'web-sidecar' }]);
    expect(plan.reviveServices).toEqual([
      { objectId: 'web', containerId: 'web', pauseAfterStart: false },
      { objectId: 'db', containerId: 'db', pauseAfterStart: true },
    ]);
    expect(plan.reviveModules).toEqual([{ objectId: 'army', containerId: 'army' }]);
    expect(plan.remove).toEqual([]);
  });

  it('leaves what ended long before, what was stopped on purpose, what was removed, and what runs', () => {
    const plan = planReconcile({
      previousRunEndedAtMs: ENDED,
      intents: { stopped: 'stopped' },
      containers: [
        container({ containerId: 'crashed-long-ago', containerType: 'user-service', status: 'stopped', finishedAtMs: ENDED - REVIVAL_WINDOW_MS - 1 }),
        container({ containerId: 'stopped', containerType: 'user-service', ...stoppedWithUs }),
        container({ containerId: 'removed', containerType: 'user-service', attached: false, ...stoppedWithUs }),
        container({ containerId: 'running', containerType: 'user-service' }),
        container({ containerId: 'dead-module', containerType: 'module', status: 'stopped', finishedAtMs: ENDED - 60_000 }),
      ],
    });
    expect(plan).toEqual({ remove: [], reviveSidecars: [], reviveServices: [], reviveModules: [] });
  });
});
