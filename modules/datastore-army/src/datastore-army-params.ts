// The datastore army's params, typed and validated.
import { z } from '@kurtosis-ts/module-api-lib';

/** Load params: {"logLevel": "info", "datastoreImage": …, "availabilityTimeoutSeconds": 30} */
export const loadParamsSchema = z.object({
  logLevel: z.string().optional(),
  /** The image of the datastores it starts. */
  datastoreImage: z.string().min(1).default('kurtosis-ts/example-datastore-server:latest'),
  /** How long each datastore may take to answer IsAvailable (1 to 600 s). */
  availabilityTimeoutSeconds: z.number().int().min(1).max(600).default(30),
});
export type DatastoreArmyLoadParams = z.infer<typeof loadParamsSchema>;

/** Execute params: {"numDatastores": n}, n an integer from 0 to 100. */
export const executeParamsSchema = z.object({
  numDatastores: z.number().int().min(0).max(100),
});

export interface DatastoreArmyResult {
  /** service ID → ID of its datastore port */
  createdServiceIdsToPortIds: Record<string, string>;
}

export const DATASTORE_PORT_ID = 'grpc';
