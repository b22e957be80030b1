// `kurtosis module …`: one file per verb.
import type { Command } from 'commander';
import type { Run } from '../../program-parts';
import { addModuleCall } from './call';
import { addModuleExec } from './exec';
import { addModuleLoad } from './load';
import { addModuleLs } from './ls';
import { addModuleUnload } from './unload';

export function addModuleTopic(program: Command, run: Run): void {
  const module = program.command('module').description('Run modules, or manage the modules of an enclave');
  addModuleExec(module, run);
  addModuleLoad(module, run);
  addModuleCall(module, run);
  addModuleUnload(module, run);
  addModuleLs(module, run);
}
