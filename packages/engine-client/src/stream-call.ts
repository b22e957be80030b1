// Promise wrapper over a server-streaming call: every message to `onMessage`, resolved at the end of
// the stream or when `signal` aborts it, rejected with a KurtosisError that says what was being done.
import { Metadata } from '@grpc/grpc-js';
import type { CallOptions, ClientReadableStream } from '@grpc/grpc-js';
import { toKurtosisError } from './kurtosis-error';

type StreamMethod<Req, Res> = (request: Req, metadata: Metadata, options?: Partial<CallOptions>) => ClientReadableStream<Res>;

export function streamCall<C, Req, Res>(client: C, method: StreamMethod<Req, Res>, request: Req, doing: string, onMessage: (message: Res) => void, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const call = method.call(client, request, new Metadata(), {});
    let cancelledByUs = false;
    const abort = () => {
      cancelledByUs = true;
      call.cancel();
    };
    signal?.addEventListener('abort', abort, { once: true });
    if (signal?.aborted) abort();
    call.on('data', (message: Res) => {
      try {
        onMessage(message);
      } catch (err) {
        abort();
        reject(toKurtosisError(err, doing));
      }
    });
    call.on('error', (err) => {
      signal?.removeEventListener('abort', abort);
      if (cancelledByUs) resolve();
      else reject(toKurtosisError(err, doing));
    });
    call.on('end', () => {
      signal?.removeEventListener('abort', abort);
      resolve();
    });
  });
}
