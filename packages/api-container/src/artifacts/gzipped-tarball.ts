// Recognises a gzipped tar archive without unpacking it: gzip's magic bytes, then a first tar
// header block whose checksum is right (what tar itself checks). Pure.
import { gunzipSync } from 'node:zlib';

const GZIP_MAGIC = [0x1f, 0x8b];
const BLOCK = 512;
const CHECKSUM_OFFSET = 148;
const CHECKSUM_LENGTH = 8;

/** Why `data` is not a gzipped tarball, or undefined when it is one. */
export function explainNotGzippedTarball(data: Buffer): string | undefined {
  if (data.length < 2 || data[0] !== GZIP_MAGIC[0] || data[1] !== GZIP_MAGIC[1]) return 'it is not gzip-compressed';
  let tar: Buffer;
  try {
    tar = gunzipSync(data);
  } catch (err) {
    return `it does not decompress: ${(err as Error).message}`;
  }
  if (tar.length < BLOCK) return 'it decompresses to less than one tar block';
  const header = tar.subarray(0, BLOCK);
  const recorded = parseInt(header.subarray(CHECKSUM_OFFSET, CHECKSUM_OFFSET + CHECKSUM_LENGTH).toString('ascii').replace(/\0.*$/, '').trim(), 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) {
    sum += i >= CHECKSUM_OFFSET && i < CHECKSUM_OFFSET + CHECKSUM_LENGTH ? 0x20 : header[i];
  }
  if (Number.isNaN(recorded) || recorded !== sum) return 'its content is not a tar archive';
  return undefined;
}
