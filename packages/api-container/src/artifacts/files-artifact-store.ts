// Files artifacts: gzipped tarballs downloaded once into the enclave data volume
// (artifacts/<id>.tgz), to be expanded into services at the paths they ask for.
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { explainInvalidId } from '@kurtosis-ts/container-backend';
import { alreadyExists, deadlineExceeded, invalidArgument, notFound, StatusError } from '@kurtosis-ts/protos';
import { status } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { explainNotGzippedTarball } from './gzipped-tarball';

export const ARTIFACTS_DIRNAME = 'artifacts';
const DOWNLOAD_TIMEOUT_MS = 30_000;

export function artifactRelativePath(artifactId: string): string {
  return `${ARTIFACTS_DIRNAME}/${artifactId}.tgz`;
}

export class FilesArtifactStore {
  private readonly registered = new Set<string>();

  constructor(
    /** The enclave data volume as mounted in this API container. */
    private readonly dataDir: string,
    private readonly log: Logger,
  ) {}

  /** Picks up what earlier runs of this API container downloaded. */
  async restore(): Promise<void> {
    const files = await readdir(path.join(this.dataDir, ARTIFACTS_DIRNAME)).catch(() => [] as string[]);
    for (const f of files) if (f.endsWith('.tgz')) this.registered.add(f.slice(0, -'.tgz'.length));
  }

  /** Downloads every artifact; registers all of them or, when one fails, none. */
  async register(urls: Record<string, string>): Promise<void> {
    const entries = Object.entries(urls);
    if (entries.length === 0) throw invalidArgument('files_artifact_urls is empty');
    for (const [artifactId, url] of entries) {
      const problem = explainInvalidId('files artifact', artifactId);
      if (problem) throw invalidArgument(problem);
      if (this.registered.has(artifactId)) throw alreadyExists(`Files artifact '${artifactId}' is already registered`);
      if (!/^https?:\/\//.test(url) || !URL.canParse(url)) throw invalidArgument(`URL '${url}' of files artifact '${artifactId}' is not an http(s) URL`);
    }
    await mkdir(path.join(this.dataDir, ARTIFACTS_DIRNAME), { recursive: true });
    const downloads = await Promise.allSettled(entries.map(([id, url]) => this.download(id, url)));
    const failure = downloads.find((d): d is PromiseRejectedResult => d.status === 'rejected');
    if (failure) {
      await Promise.all(entries.map(([id]) => rm(this.pathOf(id), { force: true })));
      throw failure.reason;
    }
    for (const [id] of entries) this.registered.add(id);
    this.log.info({ artifacts: Object.keys(urls) }, 'files artifacts registered');
  }

  /** The archive's path relative to the data volume; NOT_FOUND for an unregistered artifact. */
  archiveOf(artifactId: string): string {
    if (!this.registered.has(artifactId)) throw notFound(`Files artifact '${artifactId}' is not registered in this enclave`);
    return artifactRelativePath(artifactId);
  }

  private pathOf(artifactId: string): string {
    return path.join(this.dataDir, artifactRelativePath(artifactId));
  }

  private async download(artifactId: string, url: string): Promise<void> {
    let body: Buffer;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
      if (response.status !== 200) {
        throw new StatusError(status.FAILED_PRECONDITION, `Files artifact '${artifactId}': GET ${url} answered HTTP ${response.status}`);
      }
      body = Buffer.from(await response.arrayBuffer());
    } catch (err) {
      if (err instanceof StatusError) throw err;
      if ((err as Error).name === 'TimeoutError') throw deadlineExceeded(`Files artifact '${artifactId}': GET ${url} did not answer within ${DOWNLOAD_TIMEOUT_MS} ms`);
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new StatusError(status.UNAVAILABLE, `Files artifact '${artifactId}': GET ${url} failed: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
    }
    const problem = explainNotGzippedTarball(body);
    if (problem) throw invalidArgument(`Files artifact '${artifactId}' from ${url} is not a gzipped tarball: ${problem}`);
    const temporary = `${this.pathOf(artifactId)}.download`;
    await writeFile(temporary, body);
    await rename(temporary, this.pathOf(artifactId));
  }
}
