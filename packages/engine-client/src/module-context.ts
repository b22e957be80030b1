import type { apiContainerApi } from '@kurtosis-ts/protos';
import { unaryCall } from './unary-call';

/** A loaded module of an enclave. */
export class ModuleContext {
  constructor(
    private readonly client: apiContainerApi.ApiContainerServiceClient,
    private readonly moduleId: string,
  ) {}

  getModuleId(): string {
    return this.moduleId;
  }

  /** Runs the module's Execute with serialized params (JSON by convention) and returns its result. */
  execute(serializedParams: string): Promise<string> {
    return unaryCall(
      this.client,
      this.client.executeModule,
      { moduleId: this.moduleId, serializedParams },
      `Executing module '${this.moduleId}'`,
    ).then((response) => response.serializedResult);
  }
}
