// Docker's own shapes, as the rest of the Docker backend sees them: named here so that nothing but
// this folder imports dockerode.
import type Dockerode from 'dockerode';

export type ContainerInfo = Dockerode.ContainerInfo;
export type ContainerInspectInfo = Dockerode.ContainerInspectInfo;
export type ContainerCreateOptions = Dockerode.ContainerCreateOptions;
export type MountSettings = Dockerode.MountSettings;
export type NetworkInspectInfo = Dockerode.NetworkInspectInfo;
export type NetworkCreateOptions = Dockerode.NetworkCreateOptions;
export type VolumeInspectInfo = Dockerode.VolumeInspectInfo;
/** Docker's list filters: `{ label: ['k=v'], dangling: ['true'], … }`. */
export type Filters = Record<string, string[]>;

/** The hijacked stream of an exec: stdin in, Docker's multiplexed (or raw, with a TTY) output out. */
export type ExecStream = NodeJS.ReadWriteStream & { end(data?: string): void };

export interface ExecHandle {
  stream: ExecStream;
  exitCode(): Promise<number>;
}

export type ReadableStreamWithDestroy = NodeJS.ReadableStream & { destroy(): void };
