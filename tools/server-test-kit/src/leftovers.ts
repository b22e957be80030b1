// What Docker still holds for an enclave: tests assert it is nothing after destroy and clean up
// with it whatever a failed test left.
import { execFileSync } from 'node:child_process';
import { parseId } from '@kurtosis-ts/domain';
import { backend } from './engine-container';

function listIds(kind: 'ps -a' | 'network ls' | 'volume ls', enclaveId: string): string[] {
  const args = [...kind.split(' '), '-q', '--filter', `label=com.kurtosistech.enclave-id=${enclaveId}`];
  return execFileSync('docker', args, { encoding: 'utf8' }).split('\n').filter(Boolean);
}

export function dockerObjectsOfEnclave(enclaveId: string): { containers: string[]; networks: string[]; volumes: string[] } {
  return {
    containers: listIds('ps -a', enclaveId),
    networks: listIds('network ls', enclaveId),
    volumes: listIds('volume ls', enclaveId),
  };
}

/** Removes everything of these enclaves, whatever state a failed test left them in. */
export async function destroyEnclaves(enclaveIds: Iterable<string>): Promise<void> {
  for (const id of enclaveIds) await backend.destroyEnclave(parseId('enclave', id));
}

/** Enclave IDs unique to this test process, so parallel runs and a user's enclaves never collide. */
export function uniqueEnclaveId(name: string): string {
  return `it-${process.pid}-${name}`.slice(0, 63).replace(/-+$/, '');
}

/** The Docker container ID of an enclave's API container, for tests that act on it with `docker` (kill, stop). */
export async function apiContainerIdOf(enclaveId: string): Promise<string> {
  const [api] = await backend.getApiContainers([parseId('enclave', enclaveId)]);
  if (!api) throw new Error(`Enclave '${enclaveId}' has no API container`);
  return api.platformId;
}

/** The Docker container ID of a loaded module, for tests that act on it with `docker` (kill). */
export async function moduleContainerIdOf(enclaveId: string, moduleId: string): Promise<string> {
  const module = (await backend.getModules(parseId('enclave', enclaveId))).find((m) => m.moduleId === moduleId);
  if (!module) throw new Error(`Enclave '${enclaveId}' has no module '${moduleId}'`);
  return module.platformId;
}
