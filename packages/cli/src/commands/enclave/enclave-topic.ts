// `kurtosis enclave …`: one file per verb.
import type { Command } from 'commander';
import type { Run } from '../../program-parts';
import { addEnclaveDump } from './dump';
import { addEnclaveInspect } from './inspect';
import { addEnclaveLogs } from './logs';
import { addEnclaveLs } from './ls';
import { addEnclaveNew } from './new';
import { addEnclaveRm } from './rm';
import { addEnclaveStop } from './stop';

export function addEnclaveTopic(program: Command, run: Run): void {
  const enclave = program.command('enclave').description('Manage enclaves');
  addEnclaveNew(enclave, run);
  addEnclaveLs(enclave, run);
  addEnclaveInspect(enclave, run);
  addEnclaveLogs(enclave, run);
  addEnclaveDump(enclave, run);
  addEnclaveStop(enclave, run);
  addEnclaveRm(enclave, run);
}
