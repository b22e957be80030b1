// A request the generated code cannot decode (malformed bytes, or a uint64 above 2^53 − 1, which
// ts-proto's forceLong=number refuses) is the caller's mistake, but grpc-js answers any decoding
// error with INTERNAL before a handler runs. So decoding never throws here: a failure becomes a
// marker request, and serveUnary answers it with INVALID_ARGUMENT saying why.
import type { ServiceDefinition } from '@grpc/grpc-js';
import { quote } from './bounded-text';

const UNDECODABLE = Symbol('undecodable request');

interface UndecodableRequest {
  [UNDECODABLE]: string;
}

/** The same service definition, whose request decoders hand failures to the handler instead of throwing. */
export function answeringUndecodableRequests<D extends ServiceDefinition>(definition: D): D {
  const lenient: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(definition)) {
    lenient[name] = {
      ...method,
      requestDeserialize: (bytes: Buffer): unknown => {
        try {
          return method.requestDeserialize(bytes);
        } catch (err) {
          const marker: UndecodableRequest = { [UNDECODABLE]: (err as Error)?.message ?? String(err) };
          return marker;
        }
      },
    };
  }
  return lenient as D;
}

/** Why the request could not be decoded, or undefined for a decoded one. */
export function whyUndecodable(request: unknown): string | undefined {
  if (typeof request !== 'object' || request === null || !(UNDECODABLE in request)) return undefined;
  return `the request could not be decoded: ${quote((request as UndecodableRequest)[UNDECODABLE])}`;
}
