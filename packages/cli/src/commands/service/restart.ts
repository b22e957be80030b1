// `kurtosis service restart ENCLAVE SERVICE… [-t SECONDS]`.
import type { Command } from 'commander';
import type { Run } from '../../program-parts';
import { addLifecycleVerb } from './lifecycle-verb';

export function addServiceRestart(service: Command, run: Run): void {
  addLifecycleVerb(service, run, 'restart', 'Start stopped services again (or stop and start running ones)', (e, id, o) => e.restartService(id, o.timeout), (c) =>
    c.option('-t, --timeout <seconds>', 'seconds between SIGTERM and SIGKILL', '10'),
  );
}
