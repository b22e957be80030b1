// `kurtosis service unpause ENCLAVE SERVICE…`.
import type { Command } from 'commander';
import type { Run } from '../../program-parts';
import { addLifecycleVerb } from './lifecycle-verb';

export function addServiceUnpause(service: Command, run: Run): void {
  addLifecycleVerb(service, run, 'unpause', 'Resume paused services', (e, id) => e.unpauseService(id));
}
