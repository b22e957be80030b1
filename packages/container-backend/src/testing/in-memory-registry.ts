// The images of the in-memory platform and the registries it pulls from: an image is present
// (every image is, unless a test says it is missing or only a registry holds it) or pulled, layer
// by layer with progress, from a registry that may be stopped or ask for a login — so what runs
// above the backend sees the same answers as from Docker and a distribution registry.
import { DomainError, invalid, notFound, parseImageReference, quoteValue, registryOf } from '@kurtosis-ts/domain';
import type { PullImageOptions, PullOutcome, RegistryCredentials } from '../backend/images';

export interface MemoryRegistryOptions {
  /** Images only registries hold, until pulled: reference (with its registry) → compressed layer sizes. Registries that hold none and ask no login do not answer. */
  images?: Record<string, readonly number[]>;
  /** Registries that ask for a login: host → the one they accept. */
  logins?: Record<string, RegistryCredentials>;
  /** Logins the platform finds by itself (as Docker reads its config file): host → login. */
  storedCredentials?: Record<string, RegistryCredentials>;
}

export class InMemoryRegistry {
  private readonly held: Map<string, readonly number[]>;
  private readonly present = new Set<string>();
  private readonly removed = new Set<string>();
  private readonly stopped = new Set<string>();
  /** What each pulled reference was pulled as (the held entry then): a republished one differs. */
  private readonly pulledAs = new Map<string, readonly number[]>();

  constructor(
    private readonly options: MemoryRegistryOptions = {},
    private readonly missingImages: readonly string[] = [],
  ) {
    this.held = new Map(Object.entries(options.images ?? {}));
  }

  /** Whether the platform has the image now. */
  isPresent(image: string): boolean {
    if (this.present.has(image)) return true;
    if (this.removed.has(image) || this.missingImages.includes(image) || this.held.has(image)) return false;
    // Of a registry the test set up, only what was pulled is here.
    const slash = image.indexOf('/');
    return slash < 0 || !this.knows(image.slice(0, slash));
  }

  private knows(registry: string): boolean {
    return [...this.held.keys()].some((held) => held.startsWith(`${registry}/`)) || this.options.logins?.[registry] !== undefined;
  }

  /** Controls: a registry that stops answering, and answers again; an image removed from the platform. */
  stopRegistry(host: string): void {
    this.stopped.add(host);
  }

  startRegistry(host: string): void {
    this.stopped.delete(host);
  }

  removeImage(image: string): void {
    this.present.delete(image);
    this.removed.add(image);
  }

  /** Control: the registry holds another image under the reference now (a moved tag). */
  republish(image: string, layers: readonly number[]): void {
    this.held.set(image, [...layers]);
  }

  async pull(image: string, options: PullImageOptions = {}): Promise<PullOutcome> {
    const reference = parseImageReference(image);
    const policy = options.policy ?? 'missing';
    if (policy !== 'always' && this.isPresent(image)) return { image, pulled: false, downloadedLayers: 0, downloadedBytes: 0 };
    if (policy === 'never') throw notFound(`Image ${quoteValue(image)} is not present, and the pull policy 'never' says not to pull it`);
    const registry = registryOf(reference);
    const failed = (kind: DomainError['kind'], why: string) => new DomainError(kind, `Pulling image ${quoteValue(image)}: registry ${registry} ${why}`);
    if (reference.registry === undefined && !this.held.has(image)) {
      throw notFound(`Image ${quoteValue(image)} is not present locally and could not be pulled: registry ${registry} cannot be reached`);
    }
    // A registry answers when it holds images or asks for a login, and is not stopped.
    if (this.stopped.has(registry) || !this.knows(registry)) throw failed('unavailable', 'cannot be reached');
    const login = this.options.logins?.[registry];
    if (login) {
      const given = options.credentials ?? this.options.storedCredentials?.[registry];
      if (!given) throw failed('unauthenticated', `asks for credentials and none were accepted (log in with: docker login ${registry})`);
      if (given.username !== login.username || given.password !== login.password) throw failed('permission', `refused the credentials (check them with: docker login ${registry})`);
    }
    const layers = this.held.get(image);
    if (!layers) throw failed('not-found', 'has no such repository or tag');
    if (this.pulledAs.get(image) === layers && this.isPresent(image)) return { image, pulled: false, digest: digestOf(layers), downloadedLayers: 0, downloadedBytes: 0 };
    layers.forEach((size, i) => options.onProgress?.({ layer: `layer${i}`, phase: 'waiting' }));
    layers.forEach((size, i) => {
      const layer = `layer${i}`;
      options.onProgress?.({ layer, phase: 'downloading', currentBytes: Math.floor(size / 2), totalBytes: size });
      options.onProgress?.({ layer, phase: 'downloading', currentBytes: size, totalBytes: size });
      options.onProgress?.({ layer, phase: 'extracting', currentBytes: size, totalBytes: size });
      options.onProgress?.({ layer, phase: 'done' });
    });
    this.present.add(image);
    this.removed.delete(image);
    this.pulledAs.set(image, layers);
    return { image, pulled: true, digest: digestOf(layers), downloadedLayers: layers.length, downloadedBytes: layers.reduce((a, b) => a + b, 0) };
  }

  /** What ensureImage asks: present, or pulled without progress. */
  async ensure(image: string): Promise<PullOutcome> {
    if (!image) throw invalid('An image reference must not be empty');
    return this.pull(image);
  }
}

/** A digest of a held image, from its layer sizes: another set of layers, another digest. */
function digestOf(layers: readonly number[]): string {
  let hash = 0;
  for (const size of layers) hash = (hash * 31 + size) >>> 0;
  return `sha256:${hash.toString(16).padStart(64, '0')}`;
}
