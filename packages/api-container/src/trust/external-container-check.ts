// Whether a container may finish an external registration: it must exist, be none of ours (engine,
// API containers, services, modules, sidecars of any enclave are never "external"), and already be
// attached to this enclave's network at the reserved IP — the caller attaches it; the API
// container never does. Pure: the backend says what the container is and how one attaches it.
import type { ExternalContainer, ExternalJoinHint } from '@kurtosis-ts/container-backend';
import { quote } from '@kurtosis-ts/protos';

export interface RegistrationRefusal {
  kind: 'not-found' | 'precondition';
  message: string;
}

export function explainUnregistrable(
  nameOrId: string,
  container: ExternalContainer | undefined,
  reserved: { ip: string } & ExternalJoinHint,
): RegistrationRefusal | undefined {
  const named = `Container ${quote(nameOrId)}`;
  if (!container) return { kind: 'not-found', message: `${named} does not exist on ${reserved.host}` };
  if (container.isKurtosisObject) {
    const type = container.kurtosisKind ? ` (${quote(container.kurtosisKind, 40)})` : '';
    return {
      kind: 'precondition',
      message:
        `${named} is a Kurtosis container${type}: the engine, API containers and the services, modules and sidecars ` +
        `of any enclave are never external containers`,
    };
  }
  if (container.enclaveIp !== reserved.ip) {
    const where = container.enclaveIp ? `it is attached at ${container.enclaveIp}` : 'it is not attached to that network';
    return {
      kind: 'precondition',
      message:
        `${named} is not attached to enclave network ${quote(reserved.networkName)} at the reserved IP ${reserved.ip} (${where}): ` +
        `start it there yourself (${reserved.instructions}), then finish the registration`,
    };
  }
  return undefined;
}
