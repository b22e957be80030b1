// `nx g @kurtosis-ts/starter-pack:module <name>`: a working executable module, in modules/<name> or,
// with --standalone, as a repository of its own. Every check runs before the first write.
import type { GeneratorCallback, Tree } from '@nx/devkit';
import type { ModuleGeneratorOptions } from './module-generator-options';
import { planModule } from './module-plan';
import { writeStandaloneModule } from './standalone-module';
import { writeWorkspaceModule } from './workspace-module';

export async function moduleGenerator(tree: Tree, options: ModuleGeneratorOptions): Promise<GeneratorCallback> {
  const plan = planModule(tree, options);
  return plan.standalone ? writeStandaloneModule(tree, plan) : writeWorkspaceModule(tree, plan);
}

export default moduleGenerator;
