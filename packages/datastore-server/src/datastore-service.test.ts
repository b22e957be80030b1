// The datastore over a real socket on 127.0.0.1.
import { credentials, Server, ServerCredentials, status } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import { datastoreApi } from '@kurtosis-ts/protos';
import { datastoreService } from './datastore-service';

describe('DatastoreService', () => {
  let server: Server;
  let client: datastoreApi.DatastoreServiceClient;

  beforeAll(async () => {
    server = new Server();
    server.addService(datastoreApi.DatastoreServiceService, datastoreService());
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    client = new datastoreApi.DatastoreServiceClient(`127.0.0.1:${port}`, credentials.createInsecure());
  });

  afterAll(async () => {
    client.close();
    await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
  });

  const call = <T>(f: (cb: (err: ServiceError | null, res: T) => void) => void) =>
    new Promise<T>((resolve, reject) => f((err, res) => (err ? reject(err) : resolve(res))));

  it('answers IsAvailable', async () => {
    await expect(call((cb) => client.isAvailable({}, cb))).resolves.toEqual({});
  });

  it('stores, finds and overwrites values', async () => {
    expect(await call((cb) => client.exists({ key: 'k' }, cb))).toEqual({ exists: false });
    await call((cb) => client.upsert({ key: 'k', value: 'v1' }, cb));
    expect(await call((cb) => client.exists({ key: 'k' }, cb))).toEqual({ exists: true });
    expect(await call((cb) => client.get({ key: 'k' }, cb))).toEqual({ value: 'v1' });
    await call((cb) => client.upsert({ key: 'k', value: 'v2' }, cb));
    expect(await call((cb) => client.get({ key: 'k' }, cb))).toEqual({ value: 'v2' });
  });

  it('answers Get of a missing key with NOT_FOUND naming the key', async () => {
    await expect(call((cb) => client.get({ key: 'nope' }, cb))).rejects.toMatchObject({
      code: status.NOT_FOUND,
      details: "No value is stored under key 'nope'",
    });
  });
});
