// The one place that talks to the Docker engine (through dockerode): thin, typed calls per kind of
// Docker object. Errors are Docker's own; the callers wrap them with what they were doing
// (docker-errors.ts). Nothing outside this folder imports dockerode.
import { Readable } from 'node:stream';
import Dockerode from 'dockerode';
import type {
  ContainerCreateOptions,
  ContainerInfo,
  ContainerInspectInfo,
  ExecHandle,
  ExecStream,
  Filters,
  NetworkCreateOptions,
  NetworkInspectInfo,
  ReadableStreamWithDestroy,
  VolumeInspectInfo,
} from './docker-types';

export interface ExecOptions {
  argv: string[];
  stdin: boolean;
  tty: boolean;
}

export class DockerClient {
  constructor(private readonly docker: Dockerode = new Dockerode()) {}

  // ------------------------------------------------------------------ containers

  listContainers(filters: Filters): Promise<ContainerInfo[]> {
    return this.docker.listContainers({ all: true, filters });
  }

  inspectContainer(ref: string): Promise<ContainerInspectInfo> {
    return this.docker.getContainer(ref).inspect();
  }

  /** Creates a container and returns its ID. */
  async createContainer(spec: ContainerCreateOptions): Promise<string> {
    return (await this.docker.createContainer(spec)).id;
  }

  async startContainer(ref: string): Promise<void> {
    await this.docker.getContainer(ref).start();
  }

  async stopContainer(ref: string, timeoutSeconds: number): Promise<void> {
    await this.docker.getContainer(ref).stop({ t: timeoutSeconds });
  }

  async restartContainer(ref: string, timeoutSeconds: number): Promise<void> {
    await this.docker.getContainer(ref).restart({ t: timeoutSeconds });
  }

  async pauseContainer(ref: string): Promise<void> {
    await this.docker.getContainer(ref).pause();
  }

  async unpauseContainer(ref: string): Promise<void> {
    await this.docker.getContainer(ref).unpause();
  }

  async killContainer(ref: string, signal: string): Promise<void> {
    await this.docker.getContainer(ref).kill({ signal });
  }

  /** Removes it running or not, with its anonymous volumes. */
  async removeContainer(ref: string): Promise<void> {
    await this.docker.getContainer(ref).remove({ force: true, v: true });
  }

  /** Its exit code once it does not run ("not-running": at once when it has exited already). */
  async waitForContainer(ref: string, signal?: AbortSignal): Promise<number> {
    const result = (await this.docker.getContainer(ref).wait({ condition: 'not-running', ...(signal ? { abortSignal: signal } : {}) })) as { StatusCode: number };
    return result.StatusCode;
  }

  /** Its whole output so far (multiplexed frames), the last `tail` lines of it. */
  async containerLogs(ref: string, tail: number): Promise<Buffer> {
    const raw = (await this.docker.getContainer(ref).logs({ stdout: true, stderr: true, tail, follow: false })) as unknown;
    return Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw));
  }

  /** Its output from `since` ("<seconds>.<fraction>", or from the start), followed as it is written. */
  async followContainerLogs(ref: string, since?: string): Promise<ReadableStreamWithDestroy> {
    const options = { follow: true as const, stdout: true, stderr: true, ...(since ? { since } : {}) };
    return (await this.docker.getContainer(ref).logs(options as { follow: true })) as ReadableStreamWithDestroy;
  }

  /**
   * Its output (multiplexed frames), each line prefixed with Docker's timestamp: from `since`
   * ("<seconds>.<fraction>") or the start, only the last `tail` lines when given, followed as it is
   * written when `follow` (the stream then ends when the container stops).
   */
  async timestampedLogs(ref: string, options: { follow: boolean; tail?: number; since?: string }): Promise<ReadableStreamWithDestroy> {
    const query = { stdout: true, stderr: true, timestamps: true, ...(options.tail === undefined ? {} : { tail: options.tail }), ...(options.since ? { since: options.since } : {}) };
    const container = this.docker.getContainer(ref);
    const raw: unknown = options.follow ? await container.logs({ ...query, follow: true }) : await container.logs({ ...query, follow: false });
    return (Buffer.isBuffer(raw) ? Readable.from([raw]) : raw) as ReadableStreamWithDestroy;
  }

  /** Splits a multiplexed stream into its stdout and stderr with dockerode's own demuxer. */
  demuxStream(stream: NodeJS.ReadableStream, stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): void {
    this.docker.modem.demuxStream(stream, stdout, stderr);
  }

  async exec(ref: string, options: ExecOptions): Promise<ExecHandle> {
    const exec = await this.docker
      .getContainer(ref)
      .exec({ Cmd: options.argv, AttachStdin: options.stdin, AttachStdout: true, AttachStderr: true, Tty: options.tty });
    const stream = (await exec.start({ hijack: true, stdin: options.stdin, ...(options.tty ? { Tty: true } : {}) })) as unknown as ExecStream;
    return { stream, exitCode: async () => (await exec.inspect()).ExitCode ?? -1 };
  }

  // ------------------------------------------------------------------ networks

  listNetworks(filters?: Filters): Promise<NetworkInspectInfo[]> {
    return filters ? this.docker.listNetworks({ filters }) : this.docker.listNetworks();
  }

  async createNetwork(options: NetworkCreateOptions): Promise<string> {
    return (await this.docker.createNetwork(options)).id;
  }

  inspectNetwork(ref: string): Promise<NetworkInspectInfo> {
    return this.docker.getNetwork(ref).inspect() as Promise<NetworkInspectInfo>;
  }

  async disconnectFromNetwork(network: string, container: string): Promise<void> {
    await this.docker.getNetwork(network).disconnect({ Container: container, Force: true });
  }

  async removeNetwork(ref: string): Promise<void> {
    await this.docker.getNetwork(ref).remove();
  }

  // ------------------------------------------------------------------ volumes

  async listVolumes(filters: Filters): Promise<VolumeInspectInfo[]> {
    return (await this.docker.listVolumes({ filters })).Volumes ?? [];
  }

  async createVolume(name: string, labels: Record<string, string>): Promise<void> {
    await this.docker.createVolume({ Name: name, Labels: labels });
  }

  inspectVolume(name: string): Promise<VolumeInspectInfo> {
    return this.docker.getVolume(name).inspect() as Promise<VolumeInspectInfo>;
  }

  async removeVolume(name: string): Promise<void> {
    await this.docker.getVolume(name).remove({ force: true });
  }

  // ------------------------------------------------------------------ images

  /** The image's ID (it throws Docker's 404 when the reference names none). */
  async inspectImage(image: string): Promise<string> {
    return (await this.docker.getImage(image).inspect()).Id;
  }

  /**
   * Pulls the image, handing every progress event to `onEvent`; rejects when the pull fails (which
   * Docker reports as an event, not an error). `auth` goes to the engine in its X-Registry-Auth header.
   */
  async pullImage(image: string, options: { auth?: { username: string; password: string; serveraddress: string }; onEvent?: (event: Record<string, unknown>) => void } = {}): Promise<void> {
    const stream = await this.docker.pull(image, options.auth ? { authconfig: options.auth } : {});
    await new Promise<void>((resolve, reject) =>
      this.docker.modem.followProgress(
        stream,
        (err: Error | null) => (err ? reject(err) : resolve()),
        (event: { error?: string; errorDetail?: { message?: string } }) => {
          if (event.error) reject(new Error(event.errorDetail?.message ?? event.error));
          else options.onEvent?.(event);
        },
      ),
    );
  }

  // ------------------------------------------------------------------ events

  /** Docker's event stream (one JSON object per line) for the given filters. */
  async events(filters: Filters): Promise<ReadableStreamWithDestroy> {
    return (await this.docker.getEvents({ filters })) as unknown as ReadableStreamWithDestroy;
  }
}
