// Files artifacts: gzipped tarballs downloaded once into the API container's state volume
// (artifacts/<id>.tgz; no service or module can write there), to be expanded into services at the
// paths they ask for. Downloads stream to a temporary file (never into memory), up to
// MAX_ARTIFACT_BYTES, follow at most MAX_REDIRECTS redirects (http and https only), and the archive
// is checked to be a gzipped tar before it is registered.
import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { open, readdir, rename, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { alreadyExists, deadline, DomainError, exhausted, explainInvalidId, invalid, notFound, precondition, unavailable } from '@kurtosis-ts/domain';
import { quote } from '@kurtosis-ts/protos';
import type { Logger } from 'pino';
import { explainNotGzippedTarballFile } from './gzipped-tarball';
import { getFollowingRedirects, HttpRequestError, toRequestError } from '../http-client';
import { makeDirectoryNoFollow } from '../trust/no-follow-directory';

const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = constants;

export const ARTIFACTS_DIRNAME = 'artifacts';
/** One download (all its redirects and its whole body) may take this long. */
const DOWNLOAD_TIMEOUT_MS = 30_000;
/** The largest files artifact a download may bring: 1 GiB. */
export const MAX_ARTIFACT_BYTES = 1024 * 1024 * 1024;
export const MAX_REDIRECTS = 5;
const DOWNLOAD_SUFFIX = '.download';

class TooLargeError extends Error {}

/** Passes bytes through until more than `maxBytes` went by, then fails the stream. */
function byteLimit(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > maxBytes) callback(new TooLargeError());
      else callback(null, chunk);
    },
  });
}

export function artifactRelativePath(artifactId: string): string {
  return `${ARTIFACTS_DIRNAME}/${artifactId}.tgz`;
}

export class FilesArtifactStore {
  private readonly registered = new Set<string>();

  constructor(
    /** The API container's state volume as mounted in this container. */
    private readonly stateDir: string,
    private readonly log: Logger,
  ) {}

  /** Picks up what earlier runs of this API container downloaded; drops downloads they left half-done. */
  async restore(): Promise<void> {
    const files = await readdir(this.artifactsDir()).catch(() => [] as string[]);
    for (const f of files) {
      if (f.endsWith('.tgz')) this.registered.add(f.slice(0, -'.tgz'.length));
      else if (f.endsWith(DOWNLOAD_SUFFIX)) await rm(path.join(this.artifactsDir(), f), { force: true });
    }
  }

  /** Downloads every artifact; registers all of them or, when one fails, none. */
  async register(urls: Record<string, string>): Promise<void> {
    const entries = Object.entries(urls);
    if (entries.length === 0) throw invalid('files_artifact_urls is empty');
    for (const [artifactId, url] of entries) {
      const problem = explainInvalidId('files artifact', artifactId);
      if (problem) throw invalid(problem);
      if (this.registered.has(artifactId)) throw alreadyExists(`Files artifact '${artifactId}' is already registered`);
      if (!/^https?:\/\//.test(url) || !URL.canParse(url)) throw invalid(`URL ${quote(url)} of files artifact '${artifactId}' is not an http(s) URL`);
    }
    await makeDirectoryNoFollow(this.stateDir, ARTIFACTS_DIRNAME);
    const downloads = await Promise.allSettled(entries.map(([id, url]) => this.download(id, url)));
    const failure = downloads.find((d): d is PromiseRejectedResult => d.status === 'rejected');
    if (failure) {
      await Promise.all(entries.map(([id]) => rm(this.pathOf(id), { force: true })));
      throw failure.reason;
    }
    for (const [id] of entries) this.registered.add(id);
    this.log.info({ artifacts: Object.keys(urls) }, 'files artifacts registered');
  }

  /** The archive's path relative to the state volume; NOT_FOUND for an unregistered artifact. */
  archiveOf(artifactId: string): string {
    if (!this.registered.has(artifactId)) throw notFound(`Files artifact '${artifactId}' is not registered in this enclave`);
    return artifactRelativePath(artifactId);
  }

  private artifactsDir(): string {
    return path.join(this.stateDir, ARTIFACTS_DIRNAME);
  }

  private pathOf(artifactId: string): string {
    return path.join(this.stateDir, artifactRelativePath(artifactId));
  }

  private async download(artifactId: string, url: string): Promise<void> {
    const what = `Files artifact '${artifactId}': GET ${quote(url)}`;
    const temporary = path.join(this.artifactsDir(), `${artifactId}.${randomUUID()}${DOWNLOAD_SUFFIX}`);
    const signal = AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS);
    try {
      try {
        const response = await getFollowingRedirects(new URL(url), { maxRedirects: MAX_REDIRECTS, signal });
        if (response.statusCode !== 200) {
          response.resume();
          throw precondition(`${what} answered HTTP ${response.statusCode}`);
        }
        const declared = Number(response.headers['content-length']);
        if (declared > MAX_ARTIFACT_BYTES) {
          response.destroy();
          throw new TooLargeError();
        }
        // A fresh file of our own (O_EXCL, O_NOFOLLOW), never an existing one or a link's target.
        const file = await open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o644);
        await pipeline(response, byteLimit(MAX_ARTIFACT_BYTES), file.createWriteStream());
      } catch (err) {
        if (err instanceof DomainError) throw err;
        if (err instanceof TooLargeError) throw exhausted(`${what}: the archive is larger than the ${MAX_ARTIFACT_BYTES / 2 ** 30} GiB a files artifact may be`);
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOSPC') throw exhausted(`${what}: the API container's state volume is full`);
        const failure = err instanceof HttpRequestError ? err : toRequestError(err as NodeJS.ErrnoException, signal);
        if (failure.timedOut) throw deadline(`${what} did not complete within ${DOWNLOAD_TIMEOUT_MS} ms`);
        throw unavailable(`${what} failed: ${failure.reason}`);
      }
      const problem = await explainNotGzippedTarballFile(temporary);
      if (problem) throw invalid(`Files artifact '${artifactId}' from ${quote(url)} is not a gzipped tarball: ${problem}`);
      await rename(temporary, this.pathOf(artifactId));
    } finally {
      await rm(temporary, { force: true }).catch(() => undefined);
    }
  }
}
