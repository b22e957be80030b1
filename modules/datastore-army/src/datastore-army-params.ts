// The datastore army's params, typed and validated.
import { ParamsValidationError, parseParams, z } from '@kurtosis-ts/module-api-lib';

/** This module's version (its package.json's, checked by a unit test): the datastore image's default tag. */
export const DATASTORE_ARMY_VERSION = '0.1.0';
/** The datastore of the same version as the module. */
export const DEFAULT_DATASTORE_IMAGE = `kurtosis-ts/example-datastore-server:${DATASTORE_ARMY_VERSION}`;

/** Load params: {"logLevel": "info", "datastoreImage": …, "availabilityTimeoutSeconds": 30} */
export const loadParamsSchema = z.object({
  logLevel: z.string().optional(),
  /** The image of the datastores it starts, unless an execute names one. */
  datastoreImage: z.string().min(1).default(DEFAULT_DATASTORE_IMAGE),
  /** How long each datastore may take to answer IsAvailable (1 to 600 s). */
  availabilityTimeoutSeconds: z.number().int().min(1).max(600).default(30),
});
export type DatastoreArmyLoadParams = z.infer<typeof loadParamsSchema>;

/** Execute params: {"numDatastores": n, "datastoreImage"?: image}, n an integer from 0 to 100; omitted is 0, as in the original. */
export const executeParamsSchema = z.object({
  numDatastores: z.number().int().min(0).max(100).default(0),
  /** The image of this execute's datastores, e.g. from a registry (`127.0.0.1:5000/kurtosis-ts/example-datastore-server:0.1.0`); default: the load param's. */
  datastoreImage: z.string().min(1).max(1000).optional(),
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
