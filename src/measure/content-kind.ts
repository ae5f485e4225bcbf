/**
 * Tells what an archive member holds from its first bytes, since neither the `docker save` format
 * version nor file names say whether an OCI blob is a config, a manifest, a plain tar or a gzip/zstd
 * compressed one.
 */

/** What a blob holds. */
export type ContentKind = 'tar' | 'gzip' | 'zstd' | 'json' | 'unknown';

/** Bytes needed to tell a tar (its `ustar` magic sits at offset 257 of the first header). */
export const SNIFF_BYTES = 512;

/** Classifies `head` (at least the first `SNIFF_BYTES` bytes; fewer only when the member is shorter). */
export function detectContentKind(head: Uint8Array): ContentKind {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  const magic = Buffer.from(head.subarray(257, 262)).toString('latin1');
  if (magic === 'ustar') return 'tar';
  // An empty layer is a tar of zero blocks only (1024 zero bytes, or more).
  if (head.length >= SNIFF_BYTES && head.subarray(0, SNIFF_BYTES).every((byte) => byte === 0)) return 'tar';
  const first = head.find((byte) => byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09);
  if (first === 0x7b || first === 0x5b) return 'json';
  return 'unknown';
}
