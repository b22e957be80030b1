// An enclave's overview from its API container. An original Kurtosis API container has no
// EnclaveViewService (UNIMPLEMENTED): then what the original protocol tells — services with their
// IPs and ports, module IDs — with the status unknown.
import { KurtosisError, StatusCode } from '@kurtosis-ts/engine-client';
import type { EnclaveContext, EnclaveOverview } from '@kurtosis-ts/engine-client';

export async function readOverview(enclave: EnclaveContext): Promise<EnclaveOverview> {
  try {
    return await enclave.getOverview();
  } catch (err) {
    if (!(err instanceof KurtosisError && err.code === StatusCode.UNIMPLEMENTED)) throw err;
  }
  const serviceIds = [...(await enclave.getServices())].sort();
  const services = await Promise.all(
    serviceIds.map(async (serviceId) => {
      const service = await enclave.getServiceContext(serviceId);
      return {
        serviceId,
        status: 'unknown' as const,
        exitCode: null,
        privateIp: service.getPrivateIPAddress(),
        ports: [...service.getPrivatePorts()].map(([portId, p]) => {
          const published = service.getPublicPorts().get(portId);
          return { portId, privatePort: p.number, protocol: String(p.protocol).toLowerCase(), publicAddress: published ? `${service.getMaybePublicIPAddress()}:${published.number}` : '' };
        }),
        partitionId: null,
      };
    }),
  );
  const modules = [...(await enclave.getModules())].sort().map((moduleId) => ({ moduleId, status: 'unknown' as const, exitCode: null, image: '', privateIp: '', publicAddress: '' }));
  return { services, modules, partitioningEnabled: false, partitions: [], connections: [], defaultConnection: { blocked: false, packetLossPercentage: 0 } };
}
