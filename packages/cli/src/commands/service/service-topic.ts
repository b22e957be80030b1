// `kurtosis service …`: one file per verb.
import type { Command } from 'commander';
import type { Run } from '../../program-parts';
import { addServiceAdd } from './add';
import { addServiceConfig } from './config';
import { addServiceExec } from './exec';
import { addServiceKill } from './kill';
import { addServiceLogs } from './logs';
import { addServiceLs } from './ls';
import { addServicePause } from './pause';
import { addServiceReplace } from './replace';
import { addServiceRestart } from './restart';
import { addServiceRm } from './rm';
import { addServiceShell } from './shell';
import { addServiceStop } from './stop';
import { addServiceUnpause } from './unpause';

export function addServiceTopic(program: Command, run: Run): void {
  // Positional options let `service exec … sh -c 'x'` hand -c to the command instead of parsing it.
  const service = program.command('service').description('Work with the services of an enclave').enablePositionalOptions();
  addServiceAdd(service, run);
  addServiceLs(service, run);
  addServiceLogs(service, run);
  addServiceExec(service, run);
  addServiceShell(service, run);
  addServiceRm(service, run);
  addServicePause(service, run);
  addServiceUnpause(service, run);
  addServiceStop(service, run);
  addServiceRestart(service, run);
  addServiceKill(service, run);
  addServiceConfig(service, run);
  addServiceReplace(service, run);
}
