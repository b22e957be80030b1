// The optional capability of partitioning an enclave's network (EnclaveBackend.partitioning): each
// service gets a networking sidecar that holds its network identity (address, published ports) and
// in which the API container applies the service's egress rules (openExecSession on its ref). A
// platform that cannot do this leaves the capability out, and partitioned enclaves are refused.
import type { EnclaveId, ServiceGuid } from '@kurtosis-ts/domain';
import type { CreateNetworkingSidecarConfig } from './configs';
import type { NetworkingSidecar } from './objects';

export interface PartitionSupport {
  /** Starts the sidecar of a registered service, at the service's address; a later startService may join it. */
  createNetworkingSidecar(enclaveId: EnclaveId, serviceGuid: ServiceGuid, config: CreateNetworkingSidecarConfig): Promise<NetworkingSidecar>;
  getNetworkingSidecars(enclaveId: EnclaveId): Promise<NetworkingSidecar[]>;
  /** Removes the sidecar; its service (which must be stopped first) loses its network with it. Gone already is fine. */
  destroyNetworkingSidecar(enclaveId: EnclaveId, serviceGuid: ServiceGuid): Promise<void>;
}
