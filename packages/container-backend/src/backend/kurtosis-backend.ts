// Everything the system asks of a container platform, split by who asks: the engine
// (EngineBackend), an API container (EnclaveBackend, with PartitionSupport as an optional
// capability), and the CLI and test kits (OperatorBackend); all of them read and drive processes
// through ObjectRuntime. Objects are named by identity — enclave ID, service and module GUIDs — never
// by a platform handle, and the backend hands out addresses and resolves public ones itself.
// Docker (docker/) and an in-memory fake (testing/) implement it; contract/ keeps them alike.
import type { EnclaveBackend } from './enclave-backend';
import type { EngineBackend } from './engine-backend';
import type { OperatorBackend } from './operator-backend';

export interface KurtosisBackend extends EngineBackend, EnclaveBackend, OperatorBackend {}
