// The Ethereum module's entrypoint.
import { KurtosisModuleExecutor, parseParams } from '@kurtosis-ts/module-api-lib';
import type { ExecutableKurtosisModule, KurtosisModuleConfigurator } from '@kurtosis-ts/module-api-lib';
import { EthereumModule } from './ethereum-module';
import { loadParamsSchema } from './ethereum-params';

class EthereumConfigurator implements KurtosisModuleConfigurator {
  async parseParamsAndCreateExecutableModule(serializedCustomParams: string): Promise<ExecutableKurtosisModule> {
    parseParams(loadParamsSchema, serializedCustomParams, 'load params');
    return new EthereumModule();
  }
}

void new KurtosisModuleExecutor(new EthereumConfigurator()).runUntilSignal();
