// Recognises a gzipped tar archive without unpacking it: gzip's magic bytes, then a first tar
// header block whose checksum is right (what tar itself checks). Reads only the file's head and
// decompresses only until the first block is out, so neither a large download nor a "zip bomb"
// costs more than a few KiB of memory.
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';

const GZIP_MAGIC = [0x1f, 0x8b];
const BLOCK = 512;
const CHECKSUM_OFFSET = 148;
const CHECKSUM_LENGTH = 8;
/** How much of a file is read to find its first tar block (gzip headers may carry a name or comment first). */
export const HEAD_BYTES = 64 * 1024;

/** Why `header` (a tar block) is not the first header of a tar archive, or undefined when it is. Pure. */
export function explainNotTarHeader(header: Buffer): string | undefined {
  if (header.length < BLOCK) return 'it decompresses to less than one tar block';
  const recorded = parseInt(header.subarray(CHECKSUM_OFFSET, CHECKSUM_OFFSET + CHECKSUM_LENGTH).toString('ascii').replace(/\0.*$/, '').trim(), 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) {
    sum += i >= CHECKSUM_OFFSET && i < CHECKSUM_OFFSET + CHECKSUM_LENGTH ? 0x20 : header[i];
  }
  if (Number.isNaN(recorded) || recorded !== sum) return 'its content is not a tar archive';
  return undefined;
}

/**
 * Why `head` — the first bytes of a file, all of it when `isWholeFile` — is not the start of a
 * gzipped tarball, or undefined when it is.
 */
export async function explainNotGzippedTarball(head: Buffer, isWholeFile = true): Promise<string | undefined> {
  if (head.length < 2 || head[0] !== GZIP_MAGIC[0] || head[1] !== GZIP_MAGIC[1]) return 'it is not gzip-compressed';
  const { block, error } = await firstDecompressedBlock(head);
  if (block.length >= BLOCK) return explainNotTarHeader(block);
  if (error && isWholeFile) return `it does not decompress: ${error}`;
  if (!isWholeFile) return `its first ${head.length} bytes do not decompress to a tar block`;
  return explainNotTarHeader(block);
}

/** The same check for a file on disk: reads at most HEAD_BYTES of it. */
export async function explainNotGzippedTarballFile(filePath: string): Promise<string | undefined> {
  const file = await open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await file.read(buffer, 0, HEAD_BYTES, 0);
    const { size } = await file.stat();
    return await explainNotGzippedTarball(buffer.subarray(0, bytesRead), bytesRead >= size);
  } finally {
    await file.close();
  }
}

/** Decompresses `compressed` until one tar block is out (then stops), or until it ends or fails. */
function firstDecompressedBlock(compressed: Buffer): Promise<{ block: Buffer; error?: string }> {
  return new Promise((resolve) => {
    const gunzip = createGunzip();
    const chunks: Buffer[] = [];
    let length = 0;
    let settled = false;
    const settle = (error?: string) => {
      if (settled) return;
      settled = true;
      gunzip.destroy();
      resolve({ block: Buffer.concat(chunks).subarray(0, BLOCK), error: length >= BLOCK ? undefined : error });
    };
    gunzip.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= BLOCK) settle();
    });
    gunzip.on('error', (err) => settle(err.message));
    gunzip.on('end', () => settle());
    gunzip.end(compressed);
  });
}
