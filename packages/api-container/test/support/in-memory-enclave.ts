// What the API container's unit tests share: an in-memory backend with an enclave, a fake sidecar
// shell that speaks the rules-session protocol (sidecar-session.ts), a silent logger, and a
// scratch directory standing in for the enclave data volume.
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseId } from '@kurtosis-ts/domain';
import type { EnclaveId } from '@kurtosis-ts/domain';
import type { ObjectRef } from '@kurtosis-ts/container-backend';
import { InMemoryKurtosisBackend, refKey } from '@kurtosis-ts/container-backend/testing';
import type { InMemoryBackendOptions } from '@kurtosis-ts/container-backend/testing';
import pino from 'pino';

export const silentLog = pino({ level: 'silent' });

/** The other end of each sidecar's rules session: records every transaction, answers OK unless told to refuse. */
export class FakeSidecarShells {
  /** Transactions applied, by sidecar (refKey of its ref), in order. */
  readonly applied = new Map<string, string[]>();
  /** Sidecars whose next transactions iptables-restore refuses. */
  readonly refusing = new Set<string>();
  opened = 0;

  handler = (ref: ObjectRef) => {
    this.opened++;
    const key = refKey(ref);
    let buffered = '';
    return (input: string, reply: (text: string) => void) => {
      buffered += input;
      // "<byte length>\n<transaction>", as SidecarSession frames it.
      for (;;) {
        const newline = buffered.indexOf('\n');
        if (newline < 0) return;
        const length = Number(buffered.slice(0, newline));
        const body = Buffer.from(buffered.slice(newline + 1));
        if (body.length < length) return;
        const transaction = body.subarray(0, length).toString();
        buffered = body.subarray(length).toString();
        if (this.refusing.has(key)) {
          reply('FAILED iptables-restore: line 3 failed\n');
          continue;
        }
        this.applied.set(key, [...(this.applied.get(key) ?? []), transaction]);
        reply('OK\n');
      }
    };
  };

  /** The transactions the sidecar of `guid` applied. */
  of(enclaveId: EnclaveId, guid: string): string[] {
    return this.applied.get(refKey({ kind: 'networking-sidecar', enclaveId, guid: guid as never })) ?? [];
  }
}

export interface InMemoryEnclave {
  backend: InMemoryKurtosisBackend;
  enclaveId: EnclaveId;
  shells: FakeSidecarShells;
  /** Stands in for the data volume as mounted in the API container. */
  dataDir: string;
  cleanUp(): void;
}

/** An in-memory backend holding one enclave (with its API container), partitioned or not. */
export async function inMemoryEnclave(options: InMemoryBackendOptions & { partitioned?: boolean } = {}): Promise<InMemoryEnclave> {
  const shells = new FakeSidecarShells();
  const backend = new InMemoryKurtosisBackend({ sessions: (ref) => shells.handler(ref), ...options });
  const enclaveId = parseId('enclave', 'unit');
  await backend.createEnclave(enclaveId, { isPartitioningEnabled: options.partitioned ?? false });
  await backend.createApiContainer(enclaveId, { image: 'api', port: 7443, env: () => ({}), dataDirMountpoint: '/data', stateDirMountpoint: '/state' });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'api-container-unit-'));
  return { backend, enclaveId, shells, dataDir, cleanUp: () => rmSync(dataDir, { recursive: true, force: true }) };
}
