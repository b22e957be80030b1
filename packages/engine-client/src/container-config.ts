import type { PortSpec } from './port-spec';

/** How to run a service's container. Build one with ContainerConfigBuilder. */
export interface ContainerConfig {
  readonly image: string;
  readonly usedPorts: ReadonlyMap<string, PortSpec>;
  readonly environmentVariableOverrides: ReadonlyMap<string, string>;
  /** Empty = the image's own ENTRYPOINT. */
  readonly entrypointOverrideArgs: readonly string[];
  /** Empty = the image's own CMD. */
  readonly cmdOverrideArgs: readonly string[];
  /** files artifact ID → path in the container */
  readonly filesArtifactMountpoints: ReadonlyMap<string, string>;
}

export class ContainerConfigBuilder {
  private usedPorts = new Map<string, PortSpec>();
  private env = new Map<string, string>();
  private entrypoint: string[] = [];
  private cmd: string[] = [];
  private files = new Map<string, string>();

  constructor(private readonly image: string) {}

  withUsedPorts(ports: ReadonlyMap<string, PortSpec>): this {
    this.usedPorts = new Map(ports);
    return this;
  }

  withEnvironmentVariableOverrides(env: ReadonlyMap<string, string>): this {
    this.env = new Map(env);
    return this;
  }

  withEntrypointOverride(args: readonly string[]): this {
    this.entrypoint = [...args];
    return this;
  }

  withCmdOverride(args: readonly string[]): this {
    this.cmd = [...args];
    return this;
  }

  /** files artifact ID → path in the container where its files appear */
  withFiles(artifactMountpoints: ReadonlyMap<string, string>): this {
    this.files = new Map(artifactMountpoints);
    return this;
  }

  build(): ContainerConfig {
    return {
      image: this.image,
      usedPorts: new Map(this.usedPorts),
      environmentVariableOverrides: new Map(this.env),
      entrypointOverrideArgs: [...this.entrypoint],
      cmdOverrideArgs: [...this.cmd],
      filesArtifactMountpoints: new Map(this.files),
    };
  }
}
