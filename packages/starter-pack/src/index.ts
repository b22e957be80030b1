export { moduleGenerator } from './generators/module/generator';
export type { ModuleGeneratorOptions } from './generators/module/module-generator-options';
export { explainInvalidModuleName, MODULE_NAME_RULE } from './generators/module/module-name';
export { explainInvalidImageReference, explainInvalidImageRepository } from './generators/module/image-reference';
