// What `loadModuleInEnclave` takes, and the pure rules that fill in what was left out.
import { randomBytes } from 'node:crypto';

export interface LoadModuleOptions {
  /** The module's image, e.g. `kurtosis-ts/datastore-army-module:0.1.0`; it must exist locally or be pullable. */
  image: string;
  /** The module's load params: a string as is, anything else as JSON. Default `{}`. */
  loadParams?: string | object;
  /** Default: the image's own name, e.g. `datastore-army-module`. */
  moduleId?: string;
  /** Default: a new unique ID, so parallel tests and a user's own enclaves never collide. */
  enclaveId?: string;
  isPartitioningEnabled?: boolean;
}

const MAX_ID_LENGTH = 63;

/** Params as the wire carries them: a string as is, anything else as JSON. */
export function serializeParams(params: string | object | undefined, fallback = '{}'): string {
  if (params === undefined) return fallback;
  return typeof params === 'string' ? params : JSON.stringify(params);
}

/** `registry:5000/org/My_Module:1.2@sha256:…` → `my-module`: a valid module or enclave ID part. */
export function idFromImage(image: string): string {
  const name = image.split('@')[0].split('/').pop()?.split(':')[0] ?? '';
  const id = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return id || 'module';
}

/** `test-<image name>-<8 random hex digits>`, at most 63 characters. */
export function uniqueEnclaveId(image: string, random: () => string = () => randomBytes(4).toString('hex')): string {
  const suffix = `-${random()}`;
  const base = `test-${idFromImage(image)}`.slice(0, MAX_ID_LENGTH - suffix.length).replace(/-+$/, '');
  return `${base}${suffix}`;
}
