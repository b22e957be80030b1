// `kurtosis engine …`: one file per verb.
import type { Command } from 'commander';
import type { Run } from '../../program-parts';
import { addEngineRestart } from './restart';
import { addEngineStart } from './start';
import { addEngineStatus } from './status';
import { addEngineStop } from './stop';

export function addEngineTopic(program: Command, run: Run): void {
  const engine = program.command('engine').description('Manage the engine');
  addEngineStart(engine, run);
  addEngineStop(engine, run);
  addEngineRestart(engine, run);
  addEngineStatus(engine, run);
}
