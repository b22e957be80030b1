import { apiContainerApi } from '@kurtosis-ts/protos';
import type { ApiContainerConnection } from './api-container-connection';
import type { PortSpec } from './port-spec';
import { unaryCall } from './unary-call';

/** A command's result with its two output streams apart (our EnclaveViewService). */
export interface SeparateOutputExecResult {
  exitCode: number;
  stdout: Buffer;
  stderr: Buffer;
}

export interface ExecResult {
  exitCode: number;
  /** stdout and stderr together */
  logOutput: string;
}

/** A started service of an enclave. */
export class ServiceContext {
  constructor(
    private readonly connection: ApiContainerConnection,
    private readonly serviceId: string,
    private readonly privateIpAddress: string,
    private readonly privatePorts: ReadonlyMap<string, PortSpec>,
    private readonly publicIpAddress: string,
    private readonly publicPorts: ReadonlyMap<string, PortSpec>,
  ) {}

  getServiceId(): string {
    return this.serviceId;
  }

  /** Its IP inside the enclave network. */
  getPrivateIPAddress(): string {
    return this.privateIpAddress;
  }

  getPrivatePorts(): ReadonlyMap<string, PortSpec> {
    return this.privatePorts;
  }

  /** Where the host reaches its published ports, as the API container says (on Docker: 127.0.0.1). */
  getMaybePublicIPAddress(): string {
    return this.publicIpAddress;
  }

  /** Its ports as published on the host's loopback. */
  getPublicPorts(): ReadonlyMap<string, PortSpec> {
    return this.publicPorts;
  }

  /** Runs argv in the service's container (never through a shell). */
  async execCommand(command: readonly string[]): Promise<ExecResult> {
    const response = await this.connection.call(({ api }) =>
      unaryCall(
        api,
        api.execCommand,
        apiContainerApi.ExecCommandArgs.fromPartial({ serviceId: this.serviceId, commandArgs: [...command] }),
        `Running '${command.join(' ')}' in service '${this.serviceId}'`,
      ),
    );
    return { exitCode: response.exitCode, logOutput: response.logOutput };
  }

  /** Runs argv in the service (never through a shell), keeping its stdout and stderr apart (each up to 1 MiB). */
  async execCommandWithSeparateOutput(command: readonly string[]): Promise<SeparateOutputExecResult> {
    const response = await this.connection.call(({ view }) =>
      unaryCall(view, view.execCommand, { serviceId: this.serviceId, commandArgs: [...command] }, `Running '${command.join(' ')}' in service '${this.serviceId}'`),
    );
    return { exitCode: response.exitCode, stdout: Buffer.from(response.stdout), stderr: Buffer.from(response.stderr) };
  }
}
