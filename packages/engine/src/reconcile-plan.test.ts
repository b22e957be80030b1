import type { RuntimeState } from '@kurtosis-ts/container-backend';
import { planReconcile } from './reconcile-plan';
import type { EnclaveFacts, ReconcileContext } from './reconcile-plan';

const DEAD = 'deaddeaddead';
const LIVE = 'livelivelive';
const OWN = 'ownownownown';
const context: ReconcileContext = { ownEngineGuid: OWN, runningEngineGuids: [LIVE, OWN], busyEnclaveIds: new Set() };

const state = (overrides: Partial<RuntimeState>): RuntimeState => ({
  status: 'running',
  exitCode: 0,
  neverStarted: false,
  startedAtMs: 1,
  finishedAtMs: 0,
  ...overrides,
});
const enclave = (enclaveId: string, creatorEngineGuid: string, api?: Partial<RuntimeState>): EnclaveFacts => ({
  enclaveId,
  creatorEngineGuid,
  ...(api ? { apiContainer: { state: state(api) } } : {}),
});

describe('planReconcile', () => {
  it('destroys enclaves a dead engine left half-made', () => {
    expect(planReconcile([enclave('no-api', DEAD), enclave('never-started', DEAD, { status: 'stopped', neverStarted: true })], context)).toEqual([
      { kind: 'destroy-half-made', enclaveId: 'no-api', reason: expect.stringContaining('no API container') },
      { kind: 'destroy-half-made', enclaveId: 'never-started', reason: expect.stringContaining('never started') },
    ]);
  });

  it('starts API containers that were killed while no engine watched, and leaves those that exited 0', () => {
    expect(
      planReconcile([enclave('killed', DEAD, { status: 'stopped', exitCode: 137 }), enclave('stopped', DEAD, { status: 'stopped', exitCode: 0 })], context),
    ).toEqual([{ kind: 'start-api-container', enclaveId: 'killed', exitCode: 137 }]);
  });

  it('does the same for enclaves of its own earlier life (same container, restarted)', () => {
    expect(planReconcile([enclave('mine', OWN), enclave('mine-killed', OWN, { status: 'stopped', exitCode: 137 })], context).map((a) => a.kind)).toEqual([
      'destroy-half-made',
      'start-api-container',
    ]);
  });

  it('leaves complete enclaves, enclaves of engines that run, enclaves with no creator and busy ones', () => {
    const enclaves = [
      enclave('complete', DEAD, {}),
      enclave('paused', DEAD, { status: 'paused' }),
      enclave('other-engine', LIVE),
      enclave('other-engine-killed', LIVE, { status: 'stopped', exitCode: 137 }),
      enclave('made-by-a-test', ''),
      enclave('being-created', OWN),
    ];
    expect(planReconcile(enclaves, { ...context, busyEnclaveIds: new Set(['being-created']) })).toEqual([]);
  });
});
