// The complete Jest test the README shows, kept verbatim so the README cannot rot.
import { KurtosisEngineContainer, withModuleInEnclave } from '@kurtosis-ts/testing';
import type { StartedKurtosisEngineContainer } from '@kurtosis-ts/testing';

describe('datastore army module', () => {
  let engine: StartedKurtosisEngineContainer;
  beforeAll(async () => (engine = await new KurtosisEngineContainer().start()));
  afterAll(async () => engine?.stop());

  it('starts three datastores', async () => {
    await withModuleInEnclave(engine, { image: 'kurtosis-ts/datastore-army-module:0.1.0' }, async (army) => {
      const result = await army.executeJson<{ createdServiceIdsToPortIds: object }>({ numDatastores: 3 });
      expect(Object.keys(result.createdServiceIdsToPortIds)).toEqual(['datastore-0', 'datastore-1', 'datastore-2']);
    });
  });
});
