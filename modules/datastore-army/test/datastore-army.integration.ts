// The datastore army in a real enclave: datastores reached from the host, numbering that continues
// across executes and after the enclave's existing datastores (a restarted module, which lost its
// memory, reuses no ID), `{}` as zero datastores, and params refused with INVALID_ARGUMENT naming
// the field.
import { credentials } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import { KurtosisError, StatusCode } from '@kurtosis-ts/engine-client';
import { datastoreApi } from '@kurtosis-ts/protos';
import { KURTOSIS_TESTING_VERSION, KurtosisEngineContainer } from '@kurtosis-ts/testing';
import type { ModuleUnderTest, StartedKurtosisEngineContainer } from '@kurtosis-ts/testing';

const MODULE_IMAGE = `kurtosis-ts/datastore-army-module:${KURTOSIS_TESTING_VERSION}`;
const DATASTORE_IMAGE = `kurtosis-ts/example-datastore-server:${KURTOSIS_TESTING_VERSION}`;

describe('datastore army', () => {
  let engine: StartedKurtosisEngineContainer;
  let army: ModuleUnderTest;

  beforeAll(async () => {
    engine = await new KurtosisEngineContainer().start();
    army = await engine.loadModuleInEnclave({ image: MODULE_IMAGE, moduleId: 'army', loadParams: { datastoreImage: DATASTORE_IMAGE } });
  });

  afterAll(async () => {
    await army?.destroy();
    await engine?.stop();
  });

  async function upsertThenGet(serviceId: string, key: string, value: string): Promise<string> {
    const port = (await army.enclave.getServiceContext(serviceId)).getPublicPorts().get('grpc')?.number;
    const client = new datastoreApi.DatastoreServiceClient(`127.0.0.1:${port}`, credentials.createInsecure());
    const call = <T>(f: (cb: (err: ServiceError | null, res: T) => void) => void) =>
      new Promise<T>((resolve, reject) => f((err, res) => (err ? reject(err) : resolve(res))));
    try {
      await call((cb) => client.upsert({ key, value }, cb));
      return (await call<datastoreApi.GetResponse>((cb) => client.get({ key }, cb))).value;
    } finally {
      client.close();
    }
  }

  it('starts 3 datastores, each answering Upsert then Get from the host, and continues the numbering', async () => {
    expect(await army.executeJson({ numDatastores: 3 })).toEqual({
      createdServiceIdsToPortIds: { 'datastore-0': 'grpc', 'datastore-1': 'grpc', 'datastore-2': 'grpc' },
    });
    for (const id of ['datastore-0', 'datastore-1', 'datastore-2']) {
      expect(await upsertThenGet(id, 'greeting', `hello from ${id}`)).toBe(`hello from ${id}`);
    }
    expect(await army.executeJson({ numDatastores: 2 })).toEqual({
      createdServiceIdsToPortIds: { 'datastore-3': 'grpc', 'datastore-4': 'grpc' },
    });
    expect(await upsertThenGet('datastore-4', 'k', 'v')).toBe('v');
    expect(await army.enclave.getServices()).toEqual(new Set(['datastore-0', 'datastore-1', 'datastore-2', 'datastore-3', 'datastore-4']));
    expect(await army.executeJson({ numDatastores: 0 })).toEqual({ createdServiceIdsToPortIds: {} });
  });

  it('answers {} with zero datastores, exactly as the original', async () => {
    const before = await army.enclave.getServices();
    expect(await army.execute('{}')).toBe('{"createdServiceIdsToPortIds":{}}');
    expect(await army.enclave.getServices()).toEqual(before);
  });

  it("continues the numbering after the enclave's datastores in a module that remembers nothing (as after a restart)", async () => {
    const existing = [...(await army.enclave.getServices())].filter((id) => id.startsWith('datastore-'));
    const highest = Math.max(...existing.map((id) => Number(id.slice('datastore-'.length))));
    expect(highest).toBeGreaterThanOrEqual(1);
    const fresh = await army.enclave.loadModule('army-fresh', MODULE_IMAGE, JSON.stringify({ datastoreImage: DATASTORE_IMAGE }));
    try {
      expect(JSON.parse(await fresh.execute('{"numDatastores":1}'))).toEqual({ createdServiceIdsToPortIds: { [`datastore-${highest + 1}`]: 'grpc' } });
    } finally {
      await army.enclave.unloadModule('army-fresh');
    }
    // And the first module, which remembers less than that, continues after it too.
    expect(await army.executeJson({ numDatastores: 1 })).toEqual({ createdServiceIdsToPortIds: { [`datastore-${highest + 2}`]: 'grpc' } });
  });

  // '' is an execute with no body at all (the original's JSON decoding refuses it too).
  it.each(['{"numDatastores":-1}', '{"numDatastores":1.5}', '{"numDatastores":"3"}', '{"numDatastores":null}', ''])('refuses %p with INVALID_ARGUMENT naming numDatastores', async (params) => {
    const err = await army.execute(params).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(KurtosisError);
    expect((err as KurtosisError).code).toBe(StatusCode.INVALID_ARGUMENT);
    expect((err as KurtosisError).message).toContain("'numDatastores'");
  });
});
