import type { ApiContainerConnection } from './api-container-connection';
import { unaryCall } from './unary-call';

/** A loaded module of an enclave. */
export class ModuleContext {
  constructor(
    private readonly connection: ApiContainerConnection,
    private readonly moduleId: string,
  ) {}

  getModuleId(): string {
    return this.moduleId;
  }

  /** Runs the module's Execute with serialized params (JSON by convention) and returns its result. */
  execute(serializedParams: string): Promise<string> {
    return this.connection
      .call(({ api }) => unaryCall(api, api.executeModule, { moduleId: this.moduleId, serializedParams }, `Executing module '${this.moduleId}'`))
      .then((response) => response.serializedResult);
  }
}
