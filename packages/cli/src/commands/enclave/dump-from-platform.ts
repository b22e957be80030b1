// The dump of an enclave whose API container is not running (a stopped enclave, or one whose API
// container died): nobody serves the enclave view, so the CLI asks the container platform itself for
// what it still has — every object of the enclave with its description and output, written by the
// same dumpEnclaveObjects as the API container's own dump. What only the API container can read (its state file, the data
// directory, the network as it sees it) is named as missing in `missing.txt` instead.
import { dumpEnclaveObjects } from '@kurtosis-ts/container-backend';
import type { OperatorBackend } from '@kurtosis-ts/container-backend';
import type { EnclaveId } from '@kurtosis-ts/domain';

/** What a dump writes a chunk of file with (relative path, bytes). */
export type DumpWriter = (relative: string, chunk: Buffer) => void;

const MISSING = [
  'This dump was taken from the container platform because the enclave has no running API container',
  '(stopped, or its API container exited). Only a running API container can add:',
  '- api-container-state.json (its state file, in a volume only it mounts)',
  '- overview.json (services, modules and partitions as it knows them)',
  '- network.json and data-dir.txt',
  'Start the enclave again (or `kurtosis engine restart`, which revives a dead API container) for those.',
  '',
].join('\n');

export async function dumpFromPlatform(backend: OperatorBackend, enclaveId: EnclaveId, write: DumpWriter): Promise<void> {
  const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);
  write('missing.txt', Buffer.from(MISSING));
  const objects = await backend.getEnclaveObjects(enclaveId);
  write('objects.json', json(objects.map((o) => ({ kind: o.ref.kind, objectId: o.objectId, status: o.status, name: o.displayName }))));
  await dumpEnclaveObjects(backend, objects, (file, content) => write(file, Buffer.from(content)));
}
