// `kurtosis service kill ENCLAVE SERVICE… [-s SIGNAL]`.
import type { Command } from 'commander';
import type { Run } from '../../program-parts';
import { addLifecycleVerb } from './lifecycle-verb';

export function addServiceKill(service: Command, run: Run): void {
  addLifecycleVerb(service, run, 'kill', 'Send a signal (default SIGKILL) to the main process of services', (e, id, o) => e.killService(id, o.signal), (c) =>
    c.option('-s, --signal <signal>', 'the signal to send', 'SIGKILL'),
  );
}
