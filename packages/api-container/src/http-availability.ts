// WaitForHttp{Get,Post}EndpointAvailability: polls http://<private ip>:<port>/<path> from inside the
// enclave network, on any port (node's http module, not fetch and its "bad ports" list). The
// schedule is the protocol's own (initial delay, N attempts a fixed delay apart, success = 200 and,
// when asked, an exact body), so it is spelled out here rather than bent into a generic retry
// library's backoff model.
import { setTimeout as sleep } from 'node:timers/promises';
import { HttpRequestError, readBodyText, sendRequest } from './http-client';
import { cancelled, deadline } from '@kurtosis-ts/domain';

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

/** A body is read up to this much (or the expected body's length, if longer), so no answer can fill our memory. */
const MAX_BODY_BYTES = 1024 * 1024;

function maxBodyBytes(expectedBody: string): number {
  return Math.max(MAX_BODY_BYTES, Buffer.byteLength(expectedBody, 'utf8'));
}

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
    if (isCancelled()) throw cancelled(`The caller cancelled the wait for ${check.url}`);
    try {
      const signal = AbortSignal.timeout(ATTEMPT_TIMEOUT_MS);
      const response = await sendRequest(new URL(check.url), {
        method: check.method,
        ...(check.method === 'POST' ? { body: check.requestBody ?? '', headers: { 'content-type': 'application/json' } } : {}),
        signal,
      });
      const body = await readBodyText(response, maxBodyBytes(check.bodyText), signal);
      const problem = body.truncated
        ? `answered with a body longer than ${maxBodyBytes(check.bodyText)} bytes`
        : explainUnavailable(response.statusCode ?? 0, body.text, check.bodyText);
      if (!problem) return;
      lastProblem = problem;
    } catch (err) {
      const failure = err instanceof HttpRequestError ? err : new HttpRequestError((err as Error).message);
      lastProblem = failure.timedOut ? `got no answer within ${ATTEMPT_TIMEOUT_MS} ms` : failure.reason;
    }
    if (attempt < attempts) await sleep(check.retriesDelayMs);
  }
  throw deadline(
    `${check.method} ${check.url} of service '${check.serviceId}' was not available after ${attempts} attempt(s): last one ${lastProblem}`,
  );
}
