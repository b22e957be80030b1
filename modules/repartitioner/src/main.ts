// The repartitioner module's entrypoint.
import { KurtosisModuleExecutor } from '@kurtosis-ts/module-api-lib';
import type { ExecutableKurtosisModule, KurtosisModuleConfigurator } from '@kurtosis-ts/module-api-lib';
import { RepartitionerModule } from './repartitioner-module';

class RepartitionerConfigurator implements KurtosisModuleConfigurator {
  async parseParamsAndCreateExecutableModule(): Promise<ExecutableKurtosisModule> {
    return new RepartitionerModule();
  }
}

void new KurtosisModuleExecutor(new RepartitionerConfigurator()).runUntilSignal();
