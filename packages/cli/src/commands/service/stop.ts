// `kurtosis service stop ENCLAVE SERVICE… [-t SECONDS]`: stopped, kept in the enclave.
import type { Command } from 'commander';
import type { Run } from '../../program-parts';
import { addLifecycleVerb } from './lifecycle-verb';

export function addServiceStop(service: Command, run: Run): void {
  addLifecycleVerb(service, run, 'stop', 'Stop services; they stay in the enclave, stopped', (e, id, o) => e.stopService(id, o.timeout), (c) =>
    c.option('-t, --timeout <seconds>', 'seconds between SIGTERM and SIGKILL', '10'),
  );
}
