// The Kurtosis engine as a testcontainers container: configured the way `kurtosis engine start`
// configures it, but on an ephemeral loopback port so tests never collide with a user's engine on 9710.
import './testcontainers-environment';
import { ENGINE_PORT, KurtosisContext, SERVER_READY_MARKER } from '@kurtosis-ts/engine-client';
import { GenericContainer, Wait } from 'testcontainers';
import { StartedKurtosisEngineContainer } from './started-kurtosis-engine-container';
import { DEFAULT_ENGINE_IMAGE, KURTOSIS_TESTING_VERSION } from './version';

const DOCKER_SOCKET = '/var/run/docker.sock';
const LOOPBACK = '127.0.0.1';
const ENGINE_START_TIMEOUT_MS = 60_000;

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
  constructor(image: string = DEFAULT_ENGINE_IMAGE) {
    super(image);
    // The engine creates enclaves (networks, volumes, API containers) through the host's Docker.
    this.withBindMounts([{ source: DOCKER_SOCKET, target: DOCKER_SOCKET }])
      .withExposedPorts(ENGINE_PORT)
      .withLabels(engineLabels(KURTOSIS_TESTING_VERSION))
      .withWaitStrategy(Wait.forLogMessage(SERVER_READY_MARKER))
      .withStartupTimeout(ENGINE_START_TIMEOUT_MS);
    // testcontainers 12 publishes on every interface and has no option for the host IP; the engine
    // answers anyone who reaches it, so bind it to loopback only, as the CLI does.
    this.hostConfig.PortBindings = { [`${ENGINE_PORT}/tcp`]: [{ HostIp: LOOPBACK, HostPort: '0' }] };
  }

  override async start(): Promise<StartedKurtosisEngineContainer> {
    const started = await super.start();
    try {
      const kurtosisContext = await KurtosisContext.connect(`${LOOPBACK}:${started.getMappedPort(ENGINE_PORT)}`);
      return new StartedKurtosisEngineContainer(started, kurtosisContext);
    } catch (err) {
      await started.stop();
      throw err;
    }
  }
}
