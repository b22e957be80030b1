// Starts `numDatastores` example datastores named datastore-<k>, k continuing across executes (and
// after the enclave's existing datastores, so a restarted module reuses no ID), in parallel, and
// returns once every one answers IsAvailable.
import { credentials, Metadata } from '@grpc/grpc-js';
import { ContainerConfigBuilder, KurtosisError, PortSpec, StatusCode } from '@kurtosis-ts/module-api-lib';
import type { EnclaveContext, ExecutableKurtosisModule, ServiceContext } from '@kurtosis-ts/module-api-lib';
import { DATASTORE_PORT, datastoreApi } from '@kurtosis-ts/protos';
import { DATASTORE_PORT_ID, parseExecuteParams } from './datastore-army-params';
import { datastoreId, nextDatastoreIndex } from './datastore-numbering';
import type { DatastoreArmyLoadParams, DatastoreArmyResult } from './datastore-army-params';

function waitUntilAvailable(service: ServiceContext, deadline: number): Promise<void> {
  const client = new datastoreApi.DatastoreServiceClient(`${service.getPrivateIPAddress()}:${DATASTORE_PORT}`, credentials.createInsecure(), {
    'grpc.initial_reconnect_backoff_ms': 50,
    'grpc.max_reconnect_backoff_ms': 500,
  });
  return new Promise<void>((resolve, reject) =>
    client.isAvailable({}, new Metadata({ waitForReady: true }), { deadline }, (err) => {
      client.close();
      if (err) reject(new KurtosisError(StatusCode.DEADLINE_EXCEEDED, `Datastore '${service.getServiceId()}' did not answer IsAvailable: ${err.details}`));
      else resolve();
    }),
  );
}

export class DatastoreArmyModule implements ExecutableKurtosisModule {
  private nextIndex = 0;
  /** Claims of numbers, one after the other, so concurrent executes never take the same one. */
  private claims: Promise<unknown> = Promise.resolve();

  constructor(private readonly params: DatastoreArmyLoadParams) {}

  async execute(enclave: EnclaveContext, serializedParams: string): Promise<string> {
    const { numDatastores, datastoreImage = this.params.datastoreImage } = parseExecuteParams(serializedParams);
    if (numDatastores === 0) return JSON.stringify({ createdServiceIdsToPortIds: {} } satisfies DatastoreArmyResult);
    const ids = await this.claimIds(enclave, numDatastores);
    const deadline = Date.now() + this.params.availabilityTimeoutSeconds * 1000;
    const started = await Promise.allSettled(
      ids.map(async (id) => {
        const service = await enclave.addService(id, () =>
          new ContainerConfigBuilder(datastoreImage).withUsedPorts(new Map([[DATASTORE_PORT_ID, new PortSpec(DATASTORE_PORT)]])).build(),
        );
        await waitUntilAvailable(service, deadline);
        return id;
      }),
    );
    const failures = started.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failures.length > 0) {
      const existing = [...(await enclave.getServices())].filter((s) => ids.includes(s)).sort();
      const first = failures[0].reason as Error & { code?: number };
      throw new KurtosisError(
        first instanceof KurtosisError ? first.code : StatusCode.INTERNAL,
        `${failures.length} of ${numDatastores} datastores failed (first: ${first.message}); ` +
          `the services that exist now: ${existing.length ? existing.join(', ') : 'none'}`,
      );
    }
    const result: DatastoreArmyResult = { createdServiceIdsToPortIds: Object.fromEntries(ids.map((id) => [id, DATASTORE_PORT_ID])) };
    return JSON.stringify(result);
  }

  private claimIds(enclave: EnclaveContext, count: number): Promise<string[]> {
    const claim = this.claims.then(async () => {
      const start = nextDatastoreIndex(await enclave.getServices(), this.nextIndex);
      this.nextIndex = start + count;
      return Array.from({ length: count }, (_, i) => datastoreId(start + i));
    });
    // A failed claim (the API container did not answer) must not block the next execute's.
    this.claims = claim.catch(() => undefined);
    return claim;
  }
}
