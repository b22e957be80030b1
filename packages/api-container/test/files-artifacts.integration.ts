// Files artifacts in a real enclave: a tarball served by a service inside the enclave is registered,
// then expanded into a new service at the path it asks for; bad URLs and bad archives are refused.
import { execFileSync } from 'node:child_process';
import { status } from '@grpc/grpc-js';
import { apiContainerApi } from '@kurtosis-ts/protos';
import { ARTIFACT_FILES, statusOf, TEST_SERVICE_PORT, TestServiceImage } from '@kurtosis-ts/server-test-kit';
import { startEnclave, stopEnclave } from './enclave-fixture';
import type { EnclaveFixture } from './enclave-fixture';

const NAME = 'artifacts';

describe('files artifacts', () => {
  let image: TestServiceImage;
  let fx: EnclaveFixture;
  let fileServerIp: string;

  beforeAll(async () => {
    image = TestServiceImage.build('artifact-service');
    fx = await startEnclave(NAME);
    fileServerIp = (await fx.api.registerService({ serviceId: 'files', partitionId: '' })).privateIpAddr;
    await fx.api.startService(apiContainerApi.StartServiceArgs.fromPartial({ serviceId: 'files', dockerImage: image.tag }));
    await fx.api.waitForHttpGetEndpointAvailability(
      apiContainerApi.WaitForHttpGetEndpointAvailabilityArgs.fromPartial({ serviceId: 'files', port: TEST_SERVICE_PORT, path: 'health', retries: 50, retriesDelayMilliseconds: 100 }),
    );
  });

  afterAll(async () => {
    await stopEnclave(fx, NAME);
    image?.remove();
  });

  const url = (file: string) => `http://${fileServerIp}:${TEST_SERVICE_PORT}/${file}`;

  it('downloads an artifact and expands it into services at their mount paths', async () => {
    await fx.api.registerFilesArtifacts({ filesArtifactUrls: { bundle: url('artifact.tgz') } });
    for (const [serviceId, mountpoint] of [['reader-1', '/opt/bundle'], ['reader-2', '/srv/other']]) {
      await fx.api.registerService({ serviceId, partitionId: '' });
      await fx.api.startService(
        apiContainerApi.StartServiceArgs.fromPartial({ serviceId, dockerImage: image.tag, filesArtifactMountDirpaths: { bundle: mountpoint } }),
      );
      for (const [file, content] of Object.entries(ARTIFACT_FILES)) {
        await expect(fx.api.execCommand({ serviceId, commandArgs: ['cat', `${mountpoint}/${file}`] })).resolves.toEqual({ exitCode: 0, logOutput: content });
      }
    }
    // Each service has its own copy: a change in one is not seen by the other.
    await fx.api.execCommand({ serviceId: 'reader-1', commandArgs: ['rm', '/opt/bundle/hello.txt'] });
    expect((await fx.api.execCommand({ serviceId: 'reader-2', commandArgs: ['cat', '/srv/other/hello.txt'] })).exitCode).toBe(0);
  });

  it('removes the expanded volumes of a service that fails to start, and expands afresh on the retry', async () => {
    await fx.api.registerService({ serviceId: 'broken', partitionId: '' });
    const failed = await statusOf(
      fx.api.startService(
        apiContainerApi.StartServiceArgs.fromPartial({
          serviceId: 'broken',
          dockerImage: image.tag,
          filesArtifactMountDirpaths: { bundle: '/opt/bundle' },
          // The container cannot start: its entrypoint does not exist.
          entrypointArgs: ['/no/such/entrypoint'],
        }),
      ),
    );
    expect(failed.code).not.toBe(status.OK);
    const volumes = execFileSync('docker', ['volume', 'ls', '-q', '--filter', `name=${fx.enclaveId}--broken-`], { encoding: 'utf8' });
    expect(volumes.trim()).toBe('');

    await fx.api.startService(apiContainerApi.StartServiceArgs.fromPartial({ serviceId: 'broken', dockerImage: image.tag, filesArtifactMountDirpaths: { bundle: '/opt/bundle' } }));
    const [file, content] = Object.entries(ARTIFACT_FILES)[0];
    await expect(fx.api.execCommand({ serviceId: 'broken', commandArgs: ['cat', `/opt/bundle/${file}`] })).resolves.toEqual({ exitCode: 0, logOutput: content });
  });

  describe('bad input', () => {
    afterEach(async () => {
      await expect(fx.api.getServices({})).resolves.toMatchObject({ serviceIds: { files: true } });
    });

    it.each([
      ['no artifacts at all', {}, status.INVALID_ARGUMENT, 'files_artifact_urls is empty'],
      ['an invalid artifact ID', { 'Bad ID': 'http://x/a.tgz' }, status.INVALID_ARGUMENT, "'Bad ID'"],
      ['a URL that is not http', { ftp: 'ftp://example/a.tgz' }, status.INVALID_ARGUMENT, "'ftp://example/a.tgz'"],
      ['an artifact ID already registered', { bundle: 'http://x/a.tgz' }, status.ALREADY_EXISTS, "'bundle'"],
    ])('refuses %s', async (_name, filesArtifactUrls, code, mentions) => {
      const result = await statusOf(fx.api.registerFilesArtifacts({ filesArtifactUrls }));
      expect(result.code).toBe(code);
      expect(result.details).toContain(mentions);
    });

    it('refuses a URL where nothing answers', async () => {
      const result = await statusOf(fx.api.registerFilesArtifacts({ filesArtifactUrls: { nobody: `http://${fileServerIp}:8081/a.tgz` } }));
      expect(result.code).toBe(status.UNAVAILABLE);
      expect(result.details).toContain('ECONNREFUSED');
    });

    it('refuses a download that is not a gzipped tarball, registering none of the batch', async () => {
      const result = await statusOf(
        fx.api.registerFilesArtifacts({ filesArtifactUrls: { good: url('artifact.tgz'), text: url('not-a-tarball.tgz') } }),
      );
      expect(result.code).toBe(status.INVALID_ARGUMENT);
      expect(result.details).toContain("Files artifact 'text'");
      expect(result.details).toContain('not gzip-compressed');
      // 'good' was downloaded fine but is not registered either: all or nothing.
      const start = await statusOf(
        (async () => {
          await fx.api.registerService({ serviceId: 'wants-good', partitionId: '' });
          return fx.api.startService(apiContainerApi.StartServiceArgs.fromPartial({ serviceId: 'wants-good', dockerImage: image.tag, filesArtifactMountDirpaths: { good: '/x' } }));
        })(),
      );
      expect(start.code).toBe(status.NOT_FOUND);
      expect(start.details).toContain("'good'");
      await fx.api.removeService({ serviceId: 'wants-good', containerStopTimeoutSeconds: 0 });
    });

    it('refuses a URL that answers 404', async () => {
      const result = await statusOf(fx.api.registerFilesArtifacts({ filesArtifactUrls: { missing: url('nothing-here.tgz') } }));
      expect(result.code).toBe(status.FAILED_PRECONDITION);
      expect(result.details).toContain('HTTP 404');
    });
  });
});
