// `kurtosis service pause ENCLAVE SERVICE…`: every process of the service frozen.
import type { Command } from 'commander';
import type { Run } from '../../program-parts';
import { addLifecycleVerb } from './lifecycle-verb';

export function addServicePause(service: Command, run: Run): void {
  addLifecycleVerb(service, run, 'pause', 'Freeze every process of services', (e, id) => e.pauseService(id));
}
