// Files artifacts on Docker: each one a service asks for is unpacked into a volume of its own by a
// short-lived expander container (`tar` as argv, the state volume read-only, no network), and the
// volume is mounted into the service. Volumes no container uses any more are removed on request.
import { internal } from '@kurtosis-ts/domain';
import type { EnclaveId, ServiceGuid } from '@kurtosis-ts/domain';
import type { FilesArtifactMount } from '../backend/configs';
import type { DockerContext } from './docker-context';
import { containerRefOf, filesArtifactVolumeName } from './docker-names';
import { filesArtifactExpanderSpec } from './container-specs';
import { demuxFrames } from './docker-streams';
import { isDockerStatus, withDockerContext } from './docker-errors';
import { enclaveLabels, LABEL_KEYS, labelFilter } from './labels';

export class DockerFilesArtifacts {
  constructor(private readonly ctx: DockerContext) {}

  /**
   * Unpacks each artifact into its own volume; returns volume name → mountpoint. When one fails,
   * the volumes made so far are removed again and the error names the artifact and tar's output.
   */
  async expandAll(enclaveId: EnclaveId, serviceGuid: ServiceGuid, mounts: readonly FilesArtifactMount[]): Promise<Record<string, string>> {
    const volumeMounts: Record<string, string> = {};
    try {
      for (const mount of mounts) volumeMounts[await this.expand(enclaveId, serviceGuid, mount)] = mount.mountpoint;
      return volumeMounts;
    } catch (err) {
      await this.removeVolumes(Object.keys(volumeMounts));
      throw err;
    }
  }

  private async expand(enclaveId: EnclaveId, serviceGuid: ServiceGuid, mount: FilesArtifactMount): Promise<string> {
    const { client } = this.ctx;
    const volumeName = filesArtifactVolumeName(enclaveId, serviceGuid, mount.artifactId);
    const doing = `Expanding files artifact '${mount.artifactId}'`;
    const image = this.ctx.requireImage(this.ctx.options.filesArtifactExpanderImage, 'files-artifact expander');
    await withDockerContext(doing, () => client.createVolume(volumeName, { ...enclaveLabels(enclaveId), [LABEL_KEYS.volumeType]: 'files-artifact' }));
    const name = containerRefOf({ kind: 'files-artifact-expander', enclaveId, guid: serviceGuid, artifactId: mount.artifactId });
    const spec = filesArtifactExpanderSpec(
      this.ctx.enclave(enclaveId),
      { serviceGuid, artifactId: mount.artifactId, archiveRelativePath: mount.archiveRelativePath, image },
      volumeName,
      name,
    );
    let containerId: string | undefined;
    try {
      containerId = await this.ctx.createAndStart(spec, doing);
      const exitCode = await withDockerContext(`${doing}: waiting for tar`, () => client.waitForContainer(containerId as string));
      if (exitCode !== 0) {
        const output = await client.containerLogs(containerId, 20).then((raw) => demuxFrames(raw).text.trimEnd(), () => '');
        throw internal(`${doing}: tar exited with code ${exitCode}: ${output}`);
      }
      return volumeName;
    } catch (err) {
      // The expander holds the volume: it must go first, or the volume's removal fails (and leaks).
      if (containerId) await this.ctx.removeContainerIfPresent(containerId, `${doing}: removing the expander`).catch(() => undefined);
      containerId = undefined;
      await client.removeVolume(volumeName).catch(() => undefined);
      throw err;
    } finally {
      if (containerId) await this.ctx.removeContainerIfPresent(containerId, `${doing}: removing the expander`).catch(() => undefined);
    }
  }

  /** Removes the volumes (a service that failed to start no longer needs them); gone already is fine. */
  async removeVolumes(volumeNames: readonly string[]): Promise<void> {
    await Promise.all(volumeNames.map((name) => this.removeVolume(name).catch(() => undefined)));
  }

  private async removeVolume(volumeName: string): Promise<void> {
    await withDockerContext(`Removing files artifact volume ${volumeName}`, async () => {
      try {
        await this.ctx.client.removeVolume(volumeName);
      } catch (err) {
        if (!isDockerStatus(err, 404)) throw err;
      }
    });
  }

  async removeUnused(enclaveId: EnclaveId): Promise<string[]> {
    // "dangling" is Docker's word for a volume no container (running or not) refers to.
    const filters = { ...labelFilter({ ...enclaveLabels(enclaveId), [LABEL_KEYS.volumeType]: 'files-artifact' }), dangling: ['true'] };
    const volumes = await withDockerContext(`Listing unused files artifact volumes of enclave '${enclaveId}'`, () => this.ctx.client.listVolumes(filters));
    const names = volumes.map((v) => v.Name);
    await Promise.all(names.map((name) => this.removeVolume(name)));
    return names;
  }
}
