// The chaos monkey: `run` strikes the selected services (bounded: returns the event log when done;
// background: returns at once and keeps going), `status` and `stop` act on the background run.
import { KurtosisError, randomSeed, StatusCode } from '@kurtosis-ts/module-api-lib';
import type { EnclaveContext, ExecutableKurtosisModule } from '@kurtosis-ts/module-api-lib';
import { parseExecuteParams } from './chaos-params';
import type { RunParams } from './chaos-params';
import { ChaosRun } from './chaos-run';
import type { ChaosReport } from './chaos-run';
import { EnclaveChaos } from './enclave-chaos';
import { selectTargets } from './victim-picker';

export class ChaosMonkeyModule implements ExecutableKurtosisModule {
  private background?: ChaosRun;
  /** The run going now, bounded or not: one at a time, so two never fight over the same services. */
  private current?: ChaosRun;

  async execute(enclave: EnclaveContext, serializedParams: string): Promise<string> {
    const params = parseExecuteParams(serializedParams);
    switch (params.command) {
      case 'status':
        return JSON.stringify(this.requireBackgroundRun().report());
      case 'stop':
        return JSON.stringify(await this.requireBackgroundRun().stop());
      case 'run':
        return JSON.stringify(await this.run(enclave, params));
    }
  }

  /** Unloading the module stops a background run, so nothing stays paused or isolated. */
  async shutdown(): Promise<void> {
    await this.current?.stop();
  }

  private async run(enclave: EnclaveContext, params: RunParams): Promise<ChaosReport> {
    if (this.current?.isRunning()) {
      throw new KurtosisError(StatusCode.FAILED_PRECONDITION, 'A chaos run is going on already; stop it with {"command":"stop"} or wait for it to finish');
    }
    const targets = selectTargets([...(await enclave.getServices())], params.targets);
    const chaos = params.leashed ? undefined : new EnclaveChaos(enclave, params);
    const run = new ChaosRun(chaos, targets, params, params.seed ?? randomSeed());
    this.current = run;
    if (!params.background) return run.complete();
    this.background = run;
    // Its failure is reported by status; nothing awaits it here.
    run.complete().catch(() => undefined);
    return run.report();
  }

  private requireBackgroundRun(): ChaosRun {
    if (!this.background) throw new KurtosisError(StatusCode.FAILED_PRECONDITION, 'No background run was started; start one with {"background": true, …}');
    return this.background;
  }
}
