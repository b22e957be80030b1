// Images and registries, as the backend's callers see them: a pull reports each layer's progress,
// and credentials for a registry are the caller's to give (a platform may also find its own).

/** What one registry accepts as a login. */
export interface RegistryCredentials {
  username: string;
  password: string;
}

/** Where one layer of a pull is. */
export type LayerPhase = 'waiting' | 'downloading' | 'verifying' | 'extracting' | 'done' | 'exists';

export interface PullProgressEvent {
  /** The layer's short ID, as the platform names it. */
  layer: string;
  phase: LayerPhase;
  /** Bytes of this phase done so far, and in all, when the platform says (downloading, extracting). */
  currentBytes?: number;
  totalBytes?: number;
}

/**
 * When a pull asks the registry: `missing` (the default, as `docker run`) only for an image not
 * present under its reference; `always` every time, as `docker pull` — the same digest downloads
 * nothing, a newer one replaces what the reference named; `never` not at all (a missing image is
 * not-found).
 */
export type PullPolicy = 'missing' | 'always' | 'never';

export const PULL_POLICIES: readonly PullPolicy[] = ['missing', 'always', 'never'];

export interface PullImageOptions {
  policy?: PullPolicy;
  /** Called for every step of every layer, in order. */
  onProgress?: (event: PullProgressEvent) => void;
  /** For the reference's registry; without them the platform uses the ones it finds (Docker: its config file). */
  credentials?: RegistryCredentials;
}

export interface PullOutcome {
  image: string;
  /**
   * False when the image was present already — then nothing was asked of any registry — or, under
   * policy `always`, when the registry had the digest present already (then `digest` says which).
   */
  pulled: boolean;
  /** The registry's digest of what was pulled (or found up to date). */
  digest?: string;
  /** Layers downloaded, and their compressed bytes (only when pulled; layers already present not counted). */
  downloadedLayers: number;
  downloadedBytes: number;
}
