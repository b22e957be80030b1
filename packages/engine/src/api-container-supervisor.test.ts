// The supervisor's orchestration against a recording fake backend: what it starts after which events.
import { BackendError, LABEL_KEYS } from '@kurtosis-ts/container-backend';
import type { ContainerEvent, ContainerState, KurtosisBackend } from '@kurtosis-ts/container-backend';
import pino from 'pino';
import { ApiContainerSupervisor } from './api-container-supervisor';

const OWN = 'ownownownown';
const API = 'api-container-1';

class FakeBackend {
  readonly started: string[] = [];
  readonly destroyed: string[] = [];
  states = new Map<string, ContainerState>();
  creator = OWN;
  hasApiContainer = true;
  onEvent: (event: ContainerEvent) => void = () => undefined;
  endWatch: () => void = () => undefined;
  watches = 0;

  asBackend(): KurtosisBackend {
    return this as unknown as KurtosisBackend;
  }
  async watchContainers(_enclaveId: string | undefined, onEvent: (event: ContainerEvent) => void) {
    this.watches++;
    this.onEvent = onEvent;
    const ended = new Promise<void>((resolve) => (this.endWatch = resolve));
    return { stop: () => this.endWatch(), ended };
  }
  async getContainerState(containerId: string): Promise<ContainerState> {
    const state = this.states.get(containerId);
    if (!state) throw new BackendError('not-found', `No container ${containerId}`);
    return state;
  }
  async getEnclaves() {
    return [{ id: 'e', creatorEngineId: this.creator }];
  }
  async getApiContainers() {
    return this.hasApiContainer ? [{ containerId: API, enclaveId: 'e', status: this.states.get(API)?.status ?? 'stopped' }] : [];
  }
  async getEngines() {
    return [{ containerId: `${OWN}0000`, status: 'running' }];
  }
  async startContainer(containerId: string) {
    this.started.push(containerId);
    this.states.set(containerId, state('running', 0));
  }
  async destroyEnclave(enclaveId: string) {
    this.destroyed.push(enclaveId);
  }
}

function state(status: ContainerState['status'], exitCode: number, neverStarted = false): ContainerState {
  return { status, exitCode, neverStarted, startedAtMs: 1, finishedAtMs: 2 };
}

function event(action: ContainerEvent['action'], exitCode?: number): ContainerEvent {
  return {
    containerId: API,
    action,
    ...(exitCode !== undefined ? { exitCode } : {}),
    labels: { [LABEL_KEYS.containerType]: 'api-container', [LABEL_KEYS.enclaveId]: 'e' },
    timeMs: 0,
  };
}

describe('ApiContainerSupervisor', () => {
  let backend: FakeBackend;
  let supervisor: ApiContainerSupervisor;
  let busy: boolean;

  beforeEach(async () => {
    jest.useFakeTimers();
    backend = new FakeBackend();
    busy = false;
    supervisor = new ApiContainerSupervisor({
      backend: backend.asBackend(),
      engineId: OWN,
      policy: { graceMs: 1_000, maxRestarts: 2, windowMs: 60_000 },
      log: pino({ level: 'silent' }),
      isBusy: () => busy,
    });
    await supervisor.start();
  });

  afterEach(() => {
    supervisor.stop();
    jest.useRealTimers();
  });

  async function die(exitCode: number, before: ContainerEvent['action'][] = []): Promise<void> {
    backend.states.set(API, state('stopped', exitCode));
    for (const action of before) backend.onEvent(event(action));
    backend.onEvent(event('die', exitCode));
    await jest.advanceTimersByTimeAsync(1_000);
  }

  it('restarts a killed API container after the grace, and not before', async () => {
    backend.states.set(API, state('stopped', 137));
    backend.onEvent(event('kill'));
    backend.onEvent(event('die', 137));
    await jest.advanceTimersByTimeAsync(999);
    expect(backend.started).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(backend.started).toEqual([API]);
  });

  it('leaves it when Docker announced a stop, it exited 0, or this engine stops it', async () => {
    await die(137, ['stop']);
    backend.onEvent(event('start'));
    await die(0);
    busy = true;
    await die(137);
    expect(backend.started).toEqual([]);
  });

  it('leaves it when it runs again within the grace (Docker restarted it)', async () => {
    backend.onEvent(event('die', 1));
    backend.states.set(API, state('running', 1));
    await jest.advanceTimersByTimeAsync(1_000);
    expect(backend.started).toEqual([]);
  });

  it('gives up after the restart budget is spent', async () => {
    for (let i = 0; i < 4; i++) await die(137);
    expect(backend.started).toEqual([API, API]);
  });

  it('watches again after the event stream ends, and catches up on a death it missed', async () => {
    backend.endWatch();
    backend.states.set(API, state('stopped', 137));
    await jest.advanceTimersByTimeAsync(250);
    expect(backend.watches).toBe(2);
    expect(backend.started).toEqual([API]);
  });

  it('reconciles: destroys a half-made enclave, starts a killed API container', async () => {
    backend.hasApiContainer = false;
    expect((await supervisor.reconcile()).map((a) => a.kind)).toEqual(['destroy-half-made']);
    expect(backend.destroyed).toEqual(['e']);
    backend.hasApiContainer = true;
    backend.states.set(API, state('stopped', 137));
    expect((await supervisor.reconcile()).map((a) => a.kind)).toEqual(['start-api-container']);
    expect(backend.started).toEqual([API]);
  });
});
