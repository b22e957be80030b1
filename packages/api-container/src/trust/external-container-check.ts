// Whether a container may finish an external registration: it must exist, be none of ours (engine,
// API containers, services, modules, sidecars of any enclave carry our labels and are never
// "external"), and already be attached to this enclave's network at the reserved IP — the caller
// attaches it; the API container never does. Pure.
import type { ContainerAttachment } from '@kurtosis-ts/container-backend';
import { APP_ID, LABEL_KEYS } from '@kurtosis-ts/container-backend';
import { quote } from '@kurtosis-ts/protos';

export interface RegistrationRefusal {
  kind: 'not-found' | 'failed-precondition';
  message: string;
}

export function explainUnregistrable(
  nameOrId: string,
  container: ContainerAttachment | undefined,
  reserved: { ip: string; networkName: string },
): RegistrationRefusal | undefined {
  const named = `Container ${quote(nameOrId)}`;
  if (!container) return { kind: 'not-found', message: `${named} does not exist on this Docker host` };
  const labels = container.labels;
  if (labels[LABEL_KEYS.appId] === APP_ID || labels[LABEL_KEYS.enclaveId] !== undefined) {
    const type = labels[LABEL_KEYS.containerType] ? ` (${quote(labels[LABEL_KEYS.containerType], 40)})` : '';
    return {
      kind: 'failed-precondition',
      message:
        `${named} is a Kurtosis container${type}: the engine, API containers and the services, modules and sidecars ` +
        `of any enclave are never external containers`,
    };
  }
  if (container.enclaveIp !== reserved.ip) {
    const where = container.enclaveIp ? `it is attached at ${container.enclaveIp}` : 'it is not attached to that network';
    return {
      kind: 'failed-precondition',
      message:
        `${named} is not attached to enclave network ${quote(reserved.networkName)} at the reserved IP ${reserved.ip} (${where}): ` +
        `start it there yourself (docker run --network ${reserved.networkName} --ip ${reserved.ip} …, or ` +
        `docker network connect --ip ${reserved.ip} ${reserved.networkName} <container>), then finish the registration`,
    };
  }
  return undefined;
}
