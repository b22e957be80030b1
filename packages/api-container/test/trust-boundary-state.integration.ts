// The API container's own state is out of reach, and what it writes goes where it means to: a
// service that mounts the enclave data volume writes garbage into api-container-state.json and
// plants symlinks (services/, artifacts/ → the API container's /tmp); the API container, killed and
// started again, serves everything and wrote nothing through them. A corrupt state file in its own
// state volume does not brick it. Mount paths are validated, and HTTP works on fetch's "bad ports".
import { execFileSync } from 'node:child_process';
import { status } from '@grpc/grpc-js';
import { parseId } from '@kurtosis-ts/domain';
import { stateVolumeName } from '@kurtosis-ts/container-backend';
import { apiContainerApi, API_CONTAINER_STATE_DIRPATH } from '@kurtosis-ts/protos';
import { backend, buildHostileImage, dockerObjectsOfEnclave, statusOf } from '@kurtosis-ts/server-test-kit';
import type { TestModuleImage } from '@kurtosis-ts/server-test-kit';
import { killAndStartApiContainer, startEnclave, stopEnclave } from './enclave-fixture';
import type { EnclaveFixture } from './enclave-fixture';
import { dockerExec, startHostileService } from './trust-boundary-support';
import type { CallOutcome } from './trust-boundary-support';

const NAME = 'trust-state';
const SERVED_FILE = 'hostile/served.txt';
const SERVED_CONTENT = 'served by the hostile fixture\n';

describe('trust boundary: the API container state and what it writes', () => {
  let hostile: TestModuleImage;
  let fx: EnclaveFixture;
  let apiContainerId: string;
  let artifactServerIp: string;

  beforeAll(async () => {
    hostile = buildHostileImage('trust-state');
    fx = await startEnclave(NAME);
    apiContainerId = fx.info.apiContainerInfo?.containerId as string;
    // 10080 and 6000 are on fetch's list of "bad ports".
    artifactServerIp = await startHostileService(fx.api, 'files', hostile.tag, { port: 10080 });
  });

  afterAll(async () => {
    await stopEnclave(fx, NAME);
    hostile?.remove();
    expect(dockerObjectsOfEnclave(fx.enclaveId)).toEqual({ containers: [], networks: [], volumes: [] });
  });

  const tmpOfApiContainer = () => dockerExec(apiContainerId, ['ls', '-A', '/tmp']);
  const restart = async () => {
    fx.api.close();
    fx.api = await killAndStartApiContainer(fx.engine, fx.enclaveId, apiContainerId);
  };
  const startReader = async (serviceId: string, artifactId: string) => {
    await fx.api.registerService({ serviceId, partitionId: '' });
    await fx.api.startService(
      apiContainerApi.StartServiceArgs.fromPartial({ serviceId, dockerImage: hostile.tag, cmdArgs: ['serve-http', '8080'], filesArtifactMountDirpaths: { [artifactId]: '/files' } }),
    );
    return fx.api.execCommand({ serviceId, commandArgs: ['cat', `/files/${SERVED_FILE}`] });
  };

  it('waits for HTTP on port 6000 and downloads an artifact from port 10080', async () => {
    await startHostileService(fx.api, 'port-6000', hostile.tag, { port: 6000 });
    await fx.api.registerFilesArtifacts({ filesArtifactUrls: { bundle: `http://${artifactServerIp}:10080/artifact.tgz` } });
    await expect(startReader('reader', 'bundle')).resolves.toEqual({ exitCode: 0, logOutput: SERVED_CONTENT });
  });

  it('survives a service that writes garbage into the data volume and plants symlinks, writing nothing through them', async () => {
    await startHostileService(fx.api, 'tamperer', hostile.tag, { dataDirMountpoint: '/data' });
    await fx.api.registerService({ serviceId: 'registered-only', partitionId: '' });
    const tmpBefore = tmpOfApiContainer();
    const tampered = await fx.api.execCommand({ serviceId: 'tamperer', commandArgs: ['node', '/app/main.js', 'tamper', '/data', '/tmp'] });
    expect(tampered.logOutput).toContain('TAMPERED ["api-container-state.json","services -> /tmp","artifacts -> /tmp"]');

    // Right away: a new service directory is made as a real directory, not through the link.
    const { relativeServiceDirpath } = await fx.api.registerService({ serviceId: 'after-tamper', partitionId: '' });
    const seen = await fx.api.execCommand({ serviceId: 'tamperer', commandArgs: ['sh', '-c', `test -L /data/services && echo link; test -d /data/${relativeServiceDirpath} && echo made`] });
    expect(seen.logOutput.trim()).toBe('made');
    await fx.api.registerFilesArtifacts({ filesArtifactUrls: { second: `http://${artifactServerIp}:10080/artifact.tgz` } });
    expect(tmpOfApiContainer()).toBe(tmpBefore);

    // Killed and started again, it serves everything it held: its state was never in the data volume.
    await restart();
    expect((await fx.api.getServices({})).serviceIds).toEqual({ files: true, 'port-6000': true, reader: true, tamperer: true });
    await fx.api.startService(apiContainerApi.StartServiceArgs.fromPartial({ serviceId: 'registered-only', dockerImage: hostile.tag, cmdArgs: ['serve-http', '8080'] }));
    await expect(startReader('reader-2', 'second')).resolves.toEqual({ exitCode: 0, logOutput: SERVED_CONTENT });
    expect(await backend.getLastLogLines({ kind: 'api-container', enclaveId: parseId('enclave', fx.enclaveId) }, 200)).not.toContain('could not be used');
    expect(tmpOfApiContainer()).toBe(tmpBefore);
  });

  it("starts from what the backend reports, and says so, when its own state file is corrupt", async () => {
    const stateVolume = stateVolumeName(fx.enclaveId);
    // Written the only way anything but the API container can: a short-lived container of our own.
    execFileSync('docker', [
      'run', '--rm', '--label', 'com.kurtosistech.test=trust-boundary', '-v', `${stateVolume}:/state`,
      'debian:bookworm-slim', 'sh', '-c', 'printf "{ not json" > /state/api-container-state.json',
    ]);
    await fx.api.registerService({ serviceId: 'lost-with-the-file', partitionId: '' });
    // Saving that registration replaced the garbage; plant it again, then crash.
    execFileSync('docker', [
      'run', '--rm', '--label', 'com.kurtosistech.test=trust-boundary', '-v', `${stateVolume}:/state`,
      'debian:bookworm-slim', 'sh', '-c', 'printf "{ not json" > /state/api-container-state.json',
    ]);
    await restart();

    const logs = await backend.getLastLogLines({ kind: 'api-container', enclaveId: parseId('enclave', fx.enclaveId) }, 200);
    expect(logs).toContain(`State file ${API_CONTAINER_STATE_DIRPATH}/api-container-state.json could not be used (it is not JSON`);
    expect(dockerExec(apiContainerId, ['ls', '-A', API_CONTAINER_STATE_DIRPATH])).toMatch(/api-container-state\.json\.unreadable-\d+/);
    // What Docker's labels say is back; what only the file knew (a service registered, not started) is not.
    expect(Object.keys((await fx.api.getServices({})).serviceIds).sort()).toEqual(['files', 'port-6000', 'reader', 'reader-2', 'registered-only', 'tamperer']);
    expect((await statusOf(fx.api.getServiceInfo({ serviceId: 'lost-with-the-file' }))).code).toBe(status.NOT_FOUND);
    await fx.api.registerService({ serviceId: 'after-corruption', partitionId: '' });
    await fx.api.waitForHttpGetEndpointAvailability(
      apiContainerApi.WaitForHttpGetEndpointAvailabilityArgs.fromPartial({ serviceId: 'port-6000', port: 6000, path: 'health', retries: 20, retriesDelayMilliseconds: 100, bodyText: 'ok' }),
    );
  });

  describe('mount paths', () => {
    beforeAll(async () => {
      await fx.api.registerService({ serviceId: 'mounts', partitionId: '' });
    });

    it.each([
      ['a read-only option', { enclaveDataDirMntDirpath: '/x:ro' }, "enclave_data_dir_mnt_dirpath '/x:ro' is invalid"],
      ['a volume option', { enclaveDataDirMntDirpath: '/x,volume-nocopy' }, "enclave_data_dir_mnt_dirpath '/x,volume-nocopy' is invalid"],
      ['a path that is not normalised', { enclaveDataDirMntDirpath: '/x/../etc' }, 'normalised'],
      ['the root directory', { enclaveDataDirMntDirpath: '/' }, 'root directory'],
      ['a relative path', { enclaveDataDirMntDirpath: 'data' }, 'absolute'],
      ['an option on an artifact mount', { filesArtifactMountDirpaths: { bundle: '/files:rw' } }, "files_artifact_mount_dirpaths['bundle'] '/files:rw' is invalid"],
      ['two mounts on one path', { enclaveDataDirMntDirpath: '/files', filesArtifactMountDirpaths: { bundle: '/files' } }, "enclave_data_dir_mnt_dirpath and files_artifact_mount_dirpaths['bundle'] are both mounted at '/files'"],
    ])('refuses %s with INVALID_ARGUMENT', async (_name, fields, mentions) => {
      const refused = await statusOf(fx.api.startService(apiContainerApi.StartServiceArgs.fromPartial({ serviceId: 'mounts', dockerImage: hostile.tag, ...fields })));
      expect(refused).toMatchObject({ code: status.INVALID_ARGUMENT });
      expect(refused.details).toContain(mentions);
    });

    it('refuses them from a module too, and the service still starts with good paths', async () => {
      await fx.api.loadModule({ moduleId: 'mod', containerImage: hostile.tag, serializedParams: '{}' });
      const fromModule = JSON.parse(
        (
          await fx.api.executeModule({
            moduleId: 'mod',
            serializedParams: JSON.stringify({ action: 'api', rpc: 'startService', args: { serviceId: 'mounts', dockerImage: hostile.tag, enclaveDataDirMntDirpath: '/x:ro' } }),
          })
        ).serializedResult,
      ) as CallOutcome;
      expect(fromModule.code).toBe(status.INVALID_ARGUMENT);
      await fx.api.startService(
        apiContainerApi.StartServiceArgs.fromPartial({
          serviceId: 'mounts',
          dockerImage: hostile.tag,
          cmdArgs: ['serve-http', '8080'],
          enclaveDataDirMntDirpath: '/x',
          filesArtifactMountDirpaths: { bundle: '/files' },
        }),
      );
      // The data volume is mounted writable at exactly /x.
      expect((await fx.api.execCommand({ serviceId: 'mounts', commandArgs: ['sh', '-c', 'touch /x/written && echo ok'] })).logOutput.trim()).toBe('ok');
      expect((await fx.api.execCommand({ serviceId: 'mounts', commandArgs: ['cat', `/files/${SERVED_FILE}`] })).logOutput).toBe(SERVED_CONTENT);
    });
  });
});
