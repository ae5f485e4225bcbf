/**
 * Reads one layer member through the layer-analysis cache: a layer whose diff ID can be told from its
 * name (layer-identity.ts) and is cached is left unread, for the archive reader to pass over (not
 * hashed, decompressed or compressed); any other layer is scanned (layer-scan.ts), without hashing
 * when its name told its diff ID, and what the scan gave is cached.
 */
import { estimateKey } from './compress-estimate.js';
import type { LayerCache } from './layer-cache.js';
import { recordForGlobs } from './layer-cache-entry.js';
import type { LayerIdentities } from './layer-identity.js';
import { scanLayer, type LayerScan, type LayerScanOptions } from './layer-scan.js';

/** The cache and what tells this archive's members apart. */
export interface ScanCache {
  store: LayerCache;
  identities: LayerIdentities;
}

/** `scanLayer`, served from `cache` when it can be. Same arguments, same result. */
export async function scanLayerCached(
  kind: 'tar' | 'gzip' | 'zstd',
  bytes: AsyncIterable<Uint8Array>,
  storedSize: number,
  name: string,
  options: LayerScanOptions,
  cache: ScanCache | undefined,
): Promise<LayerScan> {
  if (!cache) return scanLayer(kind, bytes, storedSize, name, options);
  // As in scanLayer: only an uncompressed tar that a push would compress has an estimated pull size.
  const estimated = kind === 'tar' && !options.storedAsPushed;
  const key = estimateKey(options.estimate);
  const diffId = await cache.identities.diffIdOf(name);
  const hit = diffId && (await cache.store.get(diffId, estimated ? { gzipEstimate: key } : {}));
  if (hit) {
    // `bytes` is left unread: the archive reader passes over it.
    return {
      diffId: hit.diffId,
      record: recordForGlobs(hit.record, options.pathGlobs),
      compressedSize: estimated ? (hit.gzipEstimates[key] as number) : storedSize,
      compressedSizeEstimated: estimated,
      notes: [],
    };
  }
  cache.store.missed();
  // A diff ID told by the member's name needs no hashing to be known (a sha256 collision aside).
  const scan = await scanLayer(kind, bytes, storedSize, name, options, diffId);
  // Only clean reads are kept: a layer with notes (unreadable, undecompressable) is read again next time.
  if (scan.diffId && scan.record && scan.notes.length === 0) {
    cache.store.put({
      diffId: scan.diffId,
      record: scan.record,
      gzipEstimates: scan.compressedSizeEstimated ? { [key]: scan.compressedSize } : {},
    });
    if (kind !== 'tar') cache.identities.learnt(name, scan.diffId);
  }
  return scan;
}
