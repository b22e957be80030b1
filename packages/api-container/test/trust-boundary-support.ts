// What the trust-boundary tests share: starting the hostile image as a service, having a service
// call its API container.
import { execFileSync } from 'node:child_process';
import { apiContainerApi } from '@kurtosis-ts/protos';
import { markedJson } from '@kurtosis-ts/server-test-kit';
import type { ApiContainerClient } from '@kurtosis-ts/server-test-kit';

export interface CallOutcome {
  code: number;
  details?: string;
  response?: unknown;
}

/** The API container's socket inside the enclave network, as modules get it. */
export function apiSocketOf(info: { apiContainerInfo?: { ipInsideEnclave: string; portInsideEnclave: number } }): string {
  if (!info.apiContainerInfo) throw new Error('The enclave has no API container');
  return `${info.apiContainerInfo.ipInsideEnclave}:${info.apiContainerInfo.portInsideEnclave}`;
}

/** Registers and starts the hostile image as a service serving HTTP on `port`, and waits for it. */
export async function startHostileService(
  api: ApiContainerClient,
  serviceId: string,
  image: string,
  options: { port?: number; dataDirMountpoint?: string } = {},
): Promise<string> {
  const port = options.port ?? 8080;
  const { privateIpAddr } = await api.registerService({ serviceId, partitionId: '' });
  await api.startService(
    apiContainerApi.StartServiceArgs.fromPartial({
      serviceId,
      dockerImage: image,
      cmdArgs: ['serve-http', String(port)],
      privatePorts: { http: { number: port, protocol: apiContainerApi.Port_Protocol.TCP } },
      enclaveDataDirMntDirpath: options.dataDirMountpoint ?? '',
    }),
  );
  await api.waitForHttpGetEndpointAvailability(
    apiContainerApi.WaitForHttpGetEndpointAvailabilityArgs.fromPartial({ serviceId, port, path: 'health', retries: 100, retriesDelayMilliseconds: 100, bodyText: 'ok' }),
  );
  return privateIpAddr;
}

/** The RPCs of EnclaveViewService a service tries (the fixture's call-api). */
export const VIEW_RPCS = { getEnclaveOverview: 'GetEnclaveOverview', streamLogs: 'StreamLogs', execCommand: 'ExecCommand', streamDump: 'StreamDump' } as const;

export interface ServiceCallOutcomes {
  api: CallOutcome;
  lifecycle: CallOutcome;
  serviceConfig: CallOutcome;
  view: Record<keyof typeof VIEW_RPCS, CallOutcome>;
}

/** A service calls GetServices, ListServiceStatuses and every RPC of the enclave view of its API container: what each answered. */
export async function callApiFromService(api: ApiContainerClient, serviceId: string, apiSocket: string): Promise<ServiceCallOutcomes> {
  const { logOutput } = await api.execCommand({ serviceId, commandArgs: ['node', '/app/main.js', 'call-api', apiSocket] });
  return markedJson(logOutput, 'OUTCOME');
}

/** `docker exec` in a container (tests only look inside, never change anything this way). */
export function dockerExec(containerId: string, argv: string[]): string {
  return execFileSync('docker', ['exec', containerId, ...argv], { encoding: 'utf8' });
}
