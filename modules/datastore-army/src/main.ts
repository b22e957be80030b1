// The datastore army module's entrypoint.
import { KurtosisModuleExecutor, parseParams } from '@kurtosis-ts/module-api-lib';
import type { ExecutableKurtosisModule, KurtosisModuleConfigurator } from '@kurtosis-ts/module-api-lib';
import { DatastoreArmyModule } from './datastore-army-module';
import { loadParamsSchema } from './datastore-army-params';

class DatastoreArmyConfigurator implements KurtosisModuleConfigurator {
  async parseParamsAndCreateExecutableModule(serializedCustomParams: string): Promise<ExecutableKurtosisModule> {
    return new DatastoreArmyModule(parseParams(loadParamsSchema, serializedCustomParams, 'load params'));
  }
}

void new KurtosisModuleExecutor(new DatastoreArmyConfigurator()).runUntilSignal();
