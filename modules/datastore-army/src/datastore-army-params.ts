// The datastore army's params, typed and validated.
import { ParamsValidationError, parseParams, z } from '@kurtosis-ts/module-api-lib';

/** Load params: {"logLevel": "info", "datastoreImage": …, "availabilityTimeoutSeconds": 30} */
export const loadParamsSchema = z.object({
  logLevel: z.string().optional(),
  /** The image of the datastores it starts. */
  datastoreImage: z.string().min(1).default('kurtosis-ts/example-datastore-server:latest'),
  /** How long each datastore may take to answer IsAvailable (1 to 600 s). */
  availabilityTimeoutSeconds: z.number().int().min(1).max(600).default(30),
});
export type DatastoreArmyLoadParams = z.infer<typeof loadParamsSchema>;

/** Execute params: {"numDatastores": n}, n an integer from 0 to 100; omitted is 0, as in the original. */
export const executeParamsSchema = z.object({
  numDatastores: z.number().int().min(0).max(100).default(0),
});

export type DatastoreArmyExecuteParams = z.infer<typeof executeParamsSchema>;

/**
 * `{}` is zero datastores, as in the original Go module; no body at all is refused, as there (its
 * JSON decoding fails), naming the field it expects.
 */
export function parseExecuteParams(serializedParams: string): DatastoreArmyExecuteParams {
  if (serializedParams.trim() === '') {
    throw new ParamsValidationError(`The execute params are empty; expected {"numDatastores": n}, 'numDatastores' an integer from 0 to 100`);
  }
  return parseParams(executeParamsSchema, serializedParams);
}

export interface DatastoreArmyResult {
  /** service ID → ID of its datastore port */
  createdServiceIdsToPortIds: Record<string, string>;
}

export const DATASTORE_PORT_ID = 'grpc';
