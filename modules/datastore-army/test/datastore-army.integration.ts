// The datastore army in a real enclave: datastores reached from the host, numbering that continues
// across executes, and params refused with INVALID_ARGUMENT.
import { credentials } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import { KurtosisContext, KurtosisError, StatusCode } from '@kurtosis-ts/engine-client';
import type { EnclaveContext, ModuleContext } from '@kurtosis-ts/engine-client';
import { datastoreApi } from '@kurtosis-ts/protos';
import { destroyEnclaves, EngineContainer, KURTOSIS_VERSION, uniqueEnclaveId } from '@kurtosis-ts/server-test-kit';

const MODULE_IMAGE = `kurtosis-ts/datastore-army-module:${KURTOSIS_VERSION}`;
const DATASTORE_IMAGE = `kurtosis-ts/example-datastore-server:${KURTOSIS_VERSION}`;

describe('datastore army', () => {
  const enclaveId = uniqueEnclaveId('army');
  let engine: EngineContainer;
  let kurtosis: KurtosisContext;
  let enclave: EnclaveContext;
  let army: ModuleContext;

  beforeAll(async () => {
    engine = await EngineContainer.start();
    kurtosis = await KurtosisContext.connect(`127.0.0.1:${engine.port}`);
    enclave = await kurtosis.createEnclave(enclaveId);
    army = await enclave.loadModule('army', MODULE_IMAGE, JSON.stringify({ datastoreImage: DATASTORE_IMAGE }));
  });

  afterAll(async () => {
    enclave?.close();
    kurtosis?.close();
    await destroyEnclaves([enclaveId]);
    await engine?.stop();
  });

  async function upsertThenGet(serviceId: string, key: string, value: string): Promise<string> {
    const port = (await enclave.getServiceContext(serviceId)).getPublicPorts().get('grpc')?.number;
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

  it('starts 3 datastores, each answering from the host, and continues the numbering', async () => {
    expect(JSON.parse(await army.execute('{"numDatastores":3}'))).toEqual({
      createdServiceIdsToPortIds: { 'datastore-0': 'grpc', 'datastore-1': 'grpc', 'datastore-2': 'grpc' },
    });
    for (const id of ['datastore-0', 'datastore-1', 'datastore-2']) {
      expect(await upsertThenGet(id, 'greeting', `hello from ${id}`)).toBe(`hello from ${id}`);
    }
    expect(JSON.parse(await army.execute('{"numDatastores":2}'))).toEqual({
      createdServiceIdsToPortIds: { 'datastore-3': 'grpc', 'datastore-4': 'grpc' },
    });
    expect(await enclave.getServices()).toEqual(new Set(['datastore-0', 'datastore-1', 'datastore-2', 'datastore-3', 'datastore-4']));
    expect(JSON.parse(await army.execute('{"numDatastores":0}'))).toEqual({ createdServiceIdsToPortIds: {} });
  });

  it.each(['{"numDatastores":-1}', '{"numDatastores":1.5}', '{"numDatastores":"3"}', ''])('refuses %p with INVALID_ARGUMENT', async (params) => {
    const err = await army.execute(params).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(KurtosisError);
    expect((err as KurtosisError).code).toBe(StatusCode.INVALID_ARGUMENT);
    expect((err as KurtosisError).message).toContain("'numDatastores'");
  });
});
