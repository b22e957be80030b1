// The chaos monkey module's entrypoint. Its load params are only the common {"logLevel": …}.
import { KurtosisModuleExecutor } from '@kurtosis-ts/module-api-lib';
import type { ExecutableKurtosisModule, KurtosisModuleConfigurator } from '@kurtosis-ts/module-api-lib';
import { ChaosMonkeyModule } from './chaos-monkey-module';

class ChaosMonkeyConfigurator implements KurtosisModuleConfigurator {
  async parseParamsAndCreateExecutableModule(): Promise<ExecutableKurtosisModule> {
    return new ChaosMonkeyModule();
  }
}

void new KurtosisModuleExecutor(new ChaosMonkeyConfigurator()).runUntilSignal();
