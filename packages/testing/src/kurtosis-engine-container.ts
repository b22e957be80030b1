// The Kurtosis engine as a testcontainers container: configured the way `kurtosis engine start`
// configures it, but on an ephemeral loopback port so tests never collide with a user's engine on 9710.
// It cleans up after itself without testcontainers' reaper (whose image often cannot be pulled, and
// whose setting this package leaves to its user): the test process keeps an engine session open,
// every enclave it creates belongs to that session, and when the process dies — killed, interrupted,
// or done without stop() — the engine destroys the session's enclaves and then removes itself.
import { EngineSession, ENGINE_PORT, KurtosisContext, SERVER_READY_MARKER } from '@kurtosis-ts/engine-client';
import { GenericContainer, Wait } from 'testcontainers';
import { StartedKurtosisEngineContainer } from './started-kurtosis-engine-container';
import { DEFAULT_ENGINE_IMAGE, KURTOSIS_TESTING_VERSION } from './version';

const DOCKER_SOCKET = '/var/run/docker.sock';
const LOOPBACK = '127.0.0.1';
const ENGINE_START_TIMEOUT_MS = 60_000;
/** Once no session has been open this long (the test process is gone), the engine removes itself. */
export const ENGINE_EXIT_AFTER_IDLE_MS = 10_000;

export interface EngineSessionSettings {
  /** How long after the test process ends its enclaves are destroyed (default 2 s). */
  reapAfterMs: number;
}

/** The labels the CLI's engine carries, so `kurtosis engine ls/stop` and `clean` see this one too. */
export function engineLabels(version: string): Record<string, string> {
  return {
    'com.kurtosistech.app-id': 'kurtosis',
    'com.kurtosistech.container-type': 'kurtosis-engine',
    'com.kurtosistech.id': version,
    // Ours: tells a test's engine apart from a user's.
    'com.kurtosistech.testing': 'true',
  };
}

export class KurtosisEngineContainer extends GenericContainer {
  private session: EngineSessionSettings = { reapAfterMs: 2_000 };

  constructor(image: string = DEFAULT_ENGINE_IMAGE) {
    super(image);
    // The engine creates enclaves (networks, volumes, API containers) through the host's Docker.
    this.withBindMounts([{ source: DOCKER_SOCKET, target: DOCKER_SOCKET }])
      .withExposedPorts(ENGINE_PORT)
      .withLabels(engineLabels(KURTOSIS_TESTING_VERSION))
      .withWaitStrategy(Wait.forLogMessage(SERVER_READY_MARKER))
      .withStartupTimeout(ENGINE_START_TIMEOUT_MS)
      .withEnvironment({ KURTOSIS_ENGINE_EXIT_AFTER_IDLE_MS: String(ENGINE_EXIT_AFTER_IDLE_MS) })
      // The engine session does the reaper's work for this container (see above).
      .withAutoCleanup(false);
    // testcontainers 12 publishes on every interface and has no option for the host IP; the engine
    // answers anyone who reaches it, so bind it to loopback only, as the CLI does.
    this.hostConfig.PortBindings = { [`${ENGINE_PORT}/tcp`]: [{ HostIp: LOOPBACK, HostPort: '0' }] };
  }

  /** How soon after the test process ends its enclaves go. */
  withSessionSettings(settings: Partial<EngineSessionSettings>): this {
    this.session = { ...this.session, ...settings };
    return this;
  }

  override async start(): Promise<StartedKurtosisEngineContainer> {
    const started = await super.start();
    const address = `${LOOPBACK}:${started.getMappedPort(ENGINE_PORT)}`;
    let session: EngineSession | undefined;
    try {
      session = await EngineSession.open(address, { reapAfterMs: this.session.reapAfterMs });
      const kurtosisContext = await KurtosisContext.connect(address, { sessionId: session.id });
      return new StartedKurtosisEngineContainer(started, kurtosisContext, session);
    } catch (err) {
      await started.stop();
      await session?.close();
      throw err;
    }
  }
}
