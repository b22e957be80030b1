// kurtosis_ts.service_config.v1.ServiceConfigService, served next to ApiContainerService (and
// behind the same caller policy): each RPC is its ServiceReplacement method behind serveUnary.
import { serviceConfigApi } from '@kurtosis-ts/protos';
import type { StatusError } from '@kurtosis-ts/protos';
import type { Logger } from 'pino';
import { serveUnary } from './grpc/serve';
import type { ServiceReplacement } from './service/service-replacement';

export function serviceConfigService(replacement: ServiceReplacement, log: Logger): serviceConfigApi.ServiceConfigServiceServer {
  const onError = (err: StatusError, rpc: string) => log.warn({ rpc, code: err.code }, err.message);
  return {
    getServiceConfig: serveUnary('GetServiceConfig', async (r: serviceConfigApi.GetServiceConfigRequest) => replacement.getServiceConfig(r.serviceId), onError),
    replaceService: serveUnary('ReplaceService', (r: serviceConfigApi.ReplaceServiceRequest) => replacement.replaceService(r), onError),
  };
}
