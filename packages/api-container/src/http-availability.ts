// WaitForHttp{Get,Post}EndpointAvailability: polls http://<private ip>:<port>/<path> from inside the
// enclave network. The schedule is the protocol's own (initial delay, N attempts a fixed delay
// apart, success = 200 and, when asked, an exact body), so it is spelled out here rather than
// bent into a generic retry library's backoff model.
import { setTimeout as sleep } from 'node:timers/promises';
import { deadlineExceeded, StatusError } from '@kurtosis-ts/protos';
import { status } from '@grpc/grpc-js';

export interface HttpAvailabilityCheck {
  serviceId: string;
  url: string;
  method: 'GET' | 'POST';
  requestBody?: string;
  initialDelayMs: number;
  retries: number;
  retriesDelayMs: number;
  /** "" = any body. */
  bodyText: string;
}

/** One attempt may take this long before it counts as failed. */
const ATTEMPT_TIMEOUT_MS = 5_000;

export function endpointUrl(ip: string, port: number, path: string): string {
  return `http://${ip}:${port}/${path.replace(/^\/+/, '')}`;
}

/** Why one response does not count as available, or undefined when it does. */
export function explainUnavailable(statusCode: number, body: string, expectedBody: string): string | undefined {
  if (statusCode !== 200) return `answered HTTP ${statusCode}`;
  if (expectedBody !== '' && body !== expectedBody) {
    return `answered with body '${body.slice(0, 200)}' instead of the expected '${expectedBody}'`;
  }
  return undefined;
}

export async function waitForHttpAvailability(check: HttpAvailabilityCheck, isCancelled: () => boolean): Promise<void> {
  const attempts = Math.max(1, check.retries);
  await sleep(check.initialDelayMs);
  let lastProblem = 'was never tried';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (isCancelled()) throw new StatusError(status.CANCELLED, `The caller cancelled the wait for ${check.url}`);
    try {
      const response = await fetch(check.url, {
        method: check.method,
        ...(check.method === 'POST' ? { body: check.requestBody ?? '', headers: { 'content-type': 'application/json' } } : {}),
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
      const problem = explainUnavailable(response.status, await response.text(), check.bodyText);
      if (!problem) return;
      lastProblem = problem;
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      lastProblem = cause?.code ?? cause?.message ?? (err as Error).message;
    }
    if (attempt < attempts) await sleep(check.retriesDelayMs);
  }
  throw deadlineExceeded(
    `${check.method} ${check.url} of service '${check.serviceId}' was not available after ${attempts} attempt(s): last one ${lastProblem}`,
  );
}
