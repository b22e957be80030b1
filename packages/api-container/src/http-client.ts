// HTTP from inside the enclave network with node's own http/https modules. Not `fetch`: it refuses
// the browser "bad ports" (6000, 10080 and some 80 others) even towards a healthy server of the
// enclave. One request per connection (no pooling), every request bounded by an AbortSignal.
import * as http from 'node:http';
import * as https from 'node:https';
import type { IncomingMessage } from 'node:http';

/** Why a request got no usable answer: a connection error code (ECONNREFUSED, …) or a sentence. */
export class HttpRequestError extends Error {
  constructor(
    readonly reason: string,
    /** The request's signal timed out. */
    readonly timedOut = false,
  ) {
    super(reason);
    this.name = 'HttpRequestError';
  }
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
  /** Ends the request (and the reading of its body) when aborted. */
  signal: AbortSignal;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** The next URL of a redirect answer, or why it cannot be followed. Pure. */
export function redirectTarget(from: URL, location: string | undefined): URL | string {
  if (!location) return 'a redirect without a Location header';
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    return `a redirect to an unparsable location '${location.slice(0, 200)}'`;
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') return `a redirect to a ${next.protocol} URL (only http and https are followed)`;
  return next;
}

/** Sends one request; resolves once the answer's head arrived (its body is still to be read). */
export function sendRequest(url: URL, request: HttpRequest): Promise<IncomingMessage> {
  const transport = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
  if (!transport) return Promise.reject(new HttpRequestError(`${url.protocol} URLs are not supported (only http and https)`));
  return new Promise((resolve, reject) => {
    const req = transport.request(url, { method: request.method, headers: request.headers, signal: request.signal, agent: false }, resolve);
    req.on('error', (err: NodeJS.ErrnoException) => reject(toRequestError(err, request.signal)));
    req.end(request.body);
  });
}

/** GET, following at most `maxRedirects` redirects (http and https only); the final answer's head. */
export async function getFollowingRedirects(url: URL, options: { maxRedirects: number; signal: AbortSignal }): Promise<IncomingMessage> {
  let current = url;
  for (let redirects = 0; ; redirects++) {
    const response = await sendRequest(current, { method: 'GET', signal: options.signal });
    if (!REDIRECT_STATUSES.has(response.statusCode ?? 0)) return response;
    response.resume();
    if (redirects === options.maxRedirects) throw new HttpRequestError(`more than ${options.maxRedirects} redirects`);
    const next = redirectTarget(current, response.headers.location);
    if (typeof next === 'string') throw new HttpRequestError(`answered with ${next}`);
    current = next;
  }
}

/**
 * The body as text, at most `maxBytes` of it: a longer one is cut there (`truncated`), its
 * connection closed, so an endless answer cannot fill the API container's memory.
 */
export async function readBodyText(response: IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      length += chunk.length;
      if (length > maxBytes) {
        response.destroy();
        return { text: Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8'), truncated: true };
      }
    }
  } catch (err) {
    throw toRequestError(err as NodeJS.ErrnoException, signal);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated: false };
}

/** A thrown error of node's http as a reason: the timeout that aborted it, or its error code. */
export function toRequestError(err: NodeJS.ErrnoException, signal: AbortSignal): HttpRequestError {
  if (err instanceof HttpRequestError) return err;
  if (signal.aborted) {
    const reason = signal.reason as Error | undefined;
    if (reason?.name === 'TimeoutError') return new HttpRequestError('timed out', true);
    return new HttpRequestError(`aborted: ${reason?.message ?? 'cancelled'}`);
  }
  return new HttpRequestError(err.code ?? err.message);
}
