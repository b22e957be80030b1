// Every process of an enclave as a dump holds it: `<name>/inspect.json` (the platform's description)
// and `<name>/logs.txt` (its output), a failure to read either written in its place. Shared by the
// API container's StreamDump and the CLI's dump of an enclave whose API container is not running.
import type { ObjectRuntime } from './object-runtime';
import type { EnclaveObject } from './objects';

/** Lines of output a dump keeps per process. */
export const DUMP_LOG_LINES = 1_000_000;

/** Writes each object's two files through `send`; stops between objects once `signal` aborts. */
export async function dumpEnclaveObjects(source: Pick<ObjectRuntime, 'describeObject' | 'getLastLogLines'>, objects: readonly EnclaveObject[], send: (file: string, content: string) => void, signal?: AbortSignal): Promise<void> {
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  for (const object of objects) {
    if (signal?.aborted) return;
    send(`${object.displayName}/inspect.json`, json(await source.describeObject(object.ref).catch((err: Error) => ({ error: err.message }))));
    send(`${object.displayName}/logs.txt`, `${await source.getLastLogLines(object.ref, DUMP_LOG_LINES).catch((err: Error) => `(${err.message})`)}\n`);
  }
}
