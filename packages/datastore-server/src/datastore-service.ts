// datastore_api.DatastoreService over an in-memory map.
import { notFound, serveUnary } from '@kurtosis-ts/protos';
import type { datastoreApi } from '@kurtosis-ts/protos';

export function datastoreService(store: Map<string, string> = new Map()): datastoreApi.DatastoreServiceServer {
  return {
    isAvailable: serveUnary('IsAvailable', async () => ({})),
    exists: serveUnary('Exists', async (args: datastoreApi.ExistsArgs) => ({ exists: store.has(args.key) })),
    get: serveUnary('Get', async (args: datastoreApi.GetArgs) => {
      const value = store.get(args.key);
      if (value === undefined) throw notFound(`No value is stored under key '${args.key}'`);
      return { value };
    }),
    upsert: serveUnary('Upsert', async (args: datastoreApi.UpsertArgs) => {
      store.set(args.key, args.value);
      return {};
    }),
  };
}
