/** The options of `nx g @kurtosis-ts/starter-pack:module` (schema.json). */
export interface ModuleGeneratorOptions {
  name: string;
  image?: string;
  description?: string;
  serviceImage?: string;
  standalone?: boolean;
  directory?: string;
  skipInstall?: boolean;
}
