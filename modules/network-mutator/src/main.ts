// The network mutator module's entrypoint. Its load params are only the common {"logLevel": …}.
import { KurtosisModuleExecutor } from '@kurtosis-ts/module-api-lib';
import type { ExecutableKurtosisModule, KurtosisModuleConfigurator } from '@kurtosis-ts/module-api-lib';
import { NetworkMutatorModule } from './network-mutator-module';

class NetworkMutatorConfigurator implements KurtosisModuleConfigurator {
  async parseParamsAndCreateExecutableModule(): Promise<ExecutableKurtosisModule> {
    return new NetworkMutatorModule();
  }
}

void new KurtosisModuleExecutor(new NetworkMutatorConfigurator()).runUntilSignal();
