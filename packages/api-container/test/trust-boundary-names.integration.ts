// Names are owned: CreateEnclave refuses (ALREADY_EXISTS) when a volume or a network of the
// enclave's names exists that it did not create, leaves the squatted object as it was, and leaves
// nothing of the enclave behind; once the name is free, the same enclave is created normally.
import { execFileSync, spawnSync } from 'node:child_process';
import { status } from '@grpc/grpc-js';
import { engineApi } from '@kurtosis-ts/protos';
import { destroyEnclaves, dockerObjectsOfEnclave, EngineContainer, statusOf, uniqueEnclaveId } from '@kurtosis-ts/server-test-kit';

const SQUATTED_VOLUME = uniqueEnclaveId('trust-squat-volume');
const SQUATTED_NETWORK = uniqueEnclaveId('trust-squat-network');
const TEST_LABEL = 'com.kurtosistech.test=trust-boundary';
const squatVolumeName = `kurtosis-enclave--${SQUATTED_VOLUME}--data`;

const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8' }).trim();
const nothingOf = (enclaveId: string) => {
  expect(dockerObjectsOfEnclave(enclaveId)).toEqual({ containers: [], networks: [], volumes: [] });
  expect(docker('volume', 'ls', '-q', '--filter', `name=kurtosis-enclave--${enclaveId}--`)).toBe('');
};

describe('trust boundary: enclave names are owned', () => {
  let engine: EngineContainer;

  beforeAll(async () => {
    engine = await EngineContainer.start();
  });

  afterAll(async () => {
    spawnSync('docker', ['volume', 'rm', '-f', squatVolumeName], { stdio: 'ignore' });
    spawnSync('docker', ['network', 'rm', SQUATTED_NETWORK], { stdio: 'ignore' });
    await destroyEnclaves([SQUATTED_VOLUME, SQUATTED_NETWORK]);
    await engine?.stop();
  });

  const create = (enclaveId: string) => engine.client.createEnclave(engineApi.CreateEnclaveArgs.fromPartial({ enclaveId }));

  it('refuses a squatted data volume, leaving it and its files as they were', async () => {
    docker('volume', 'create', '--label', TEST_LABEL, squatVolumeName);
    docker('run', '--rm', '--label', TEST_LABEL, '-v', `${squatVolumeName}:/v`, 'debian:bookworm-slim', 'sh', '-c', 'echo planted > /v/planted');
    const labelsBefore = docker('volume', 'inspect', '-f', '{{json .Labels}}', squatVolumeName);

    const refused = await statusOf(create(SQUATTED_VOLUME));
    expect(refused.code).toBe(status.ALREADY_EXISTS);
    expect(refused.details).toContain(squatVolumeName);

    expect(docker('volume', 'inspect', '-f', '{{json .Labels}}', squatVolumeName)).toBe(labelsBefore);
    expect(docker('run', '--rm', '--label', TEST_LABEL, '-v', `${squatVolumeName}:/v`, 'debian:bookworm-slim', 'ls', '/v')).toBe('planted');
    expect(docker('network', 'ls', '-q', '--filter', `name=^${SQUATTED_VOLUME}$`)).toBe('');
    expect(dockerObjectsOfEnclave(SQUATTED_VOLUME)).toEqual({ containers: [], networks: [], volumes: [] });

    // Once the name is free again, the enclave is created — and the planted files are not in it.
    docker('volume', 'rm', squatVolumeName);
    const { enclaveInfo } = await create(SQUATTED_VOLUME);
    expect(enclaveInfo?.apiContainerStatus).toBe(engineApi.EnclaveAPIContainerStatus.EnclaveAPIContainerStatus_RUNNING);
    expect(docker('run', '--rm', '--label', TEST_LABEL, '-v', `${squatVolumeName}:/v`, 'debian:bookworm-slim', 'ls', '-A', '/v')).toBe('');
    await engine.client.destroyEnclave({ enclaveId: SQUATTED_VOLUME });
    nothingOf(SQUATTED_VOLUME);
  });

  it('refuses a squatted network name, leaving the network as it was', async () => {
    const networkId = docker('network', 'create', '--label', TEST_LABEL, SQUATTED_NETWORK);
    const refused = await statusOf(create(SQUATTED_NETWORK));
    expect(refused.code).toBe(status.ALREADY_EXISTS);
    expect(refused.details).toContain(`'${SQUATTED_NETWORK}'`);
    expect(docker('network', 'inspect', '-f', '{{.Id}} {{json .Labels}} {{len .Containers}}', SQUATTED_NETWORK)).toBe(`${networkId} {"com.kurtosistech.test":"trust-boundary"} 0`);
    nothingOf(SQUATTED_NETWORK);
  });
});
