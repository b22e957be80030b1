// The network mutator: its execute params are a plan (mutation-params.ts), planned against the
// enclave's services before anything changes (mutation-plan.ts) and run step by step
// (mutation-run.ts); the result is the event log.
import { KurtosisError, parseParams, randomSeed, StatusCode } from '@kurtosis-ts/module-api-lib';
import type { EnclaveContext, ExecutableKurtosisModule } from '@kurtosis-ts/module-api-lib';
import { EnclaveMutations } from './enclave-mutations';
import { planSchema } from './mutation-params';
import { planMutations } from './mutation-plan';
import { MutationRun } from './mutation-run';

export class NetworkMutatorModule implements ExecutableKurtosisModule {
  private running = false;

  async execute(enclave: EnclaveContext, serializedParams: string): Promise<string> {
    const params = parseParams(planSchema, serializedParams);
    const plan = planMutations(await enclave.getServices(), params, randomSeed);
    // Two runs at once would replace the same services under each other.
    if (this.running) throw new KurtosisError(StatusCode.FAILED_PRECONDITION, 'A mutation plan is running already; wait for its result');
    this.running = true;
    try {
      const report = await new MutationRun(new EnclaveMutations(enclave), plan, params).complete();
      return JSON.stringify(report);
    } finally {
      this.running = false;
    }
  }
}
