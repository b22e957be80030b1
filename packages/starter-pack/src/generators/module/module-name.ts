// A module's name becomes a folder, an npm package name (@scope/<name>), an Nx project name, part of
// a Docker image name and TypeScript identifiers (<Name>Module). One rule satisfies all of them.

const MODULE_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
export const MAX_MODULE_NAME_LENGTH = 50;

export const MODULE_NAME_RULE =
  `lower-case letters and digits in words joined by single '-', starting with a letter, at most ${MAX_MODULE_NAME_LENGTH} ` +
  `characters (e.g. 'hello' or 'load-tester-2'), because it becomes a folder, an npm package, an Nx project and a Docker image name`;

/** Why `name` cannot be a module name, or undefined when it can. */
export function explainInvalidModuleName(name: string): string | undefined {
  if (name.length > MAX_MODULE_NAME_LENGTH || !MODULE_NAME.test(name)) {
    return `Invalid module name '${name}': use ${MODULE_NAME_RULE}.`;
  }
  return undefined;
}
