/**
 * Package caches and temp files still present in the final filesystem: bytes a `rm -rf` in the same
 * RUN (or a cache mount) would have kept out of the image.
 */
import type { LeftoverCache } from './types.js';
import type { LayerRecord } from './layer-record.js';
import { lookup, type FsNode } from './layer-stack.js';
import { CACHE_LOCATIONS, type CacheLocation } from './cache-locations.js';

/** The caches with more than 0 bytes in the stacked filesystem `root`, in `CACHE_LOCATIONS` order. */
export function findLeftoverCaches(root: FsNode, layers: readonly (LayerRecord | null)[]): LeftoverCache[] {
  const found: LeftoverCache[] = [];
  for (const cache of CACHE_LOCATIONS) {
    const node = lookup(root, cache.path.slice(1));
    if (!node?.children) continue;
    const perLayer = new Map<number, number>();
    sumFiles(node, '', cache, layers, perLayer, new Set());
    let bytes = 0;
    let layerIndex = -1;
    let most = 0;
    for (const [layer, layerBytes] of perLayer) {
      bytes += layerBytes;
      if (layerBytes > most || (layerBytes === most && layer > layerIndex)) {
        most = layerBytes;
        layerIndex = layer;
      }
    }
    if (bytes > 0) found.push({ kind: cache.kind, path: cache.path, bytes, layerIndex });
  }
  return found;
}

/** Adds the live content under `node` to `perLayer`, each hard-linked copy once (`seen`). */
function sumFiles(
  node: FsNode,
  relative: string,
  cache: CacheLocation,
  layers: readonly (LayerRecord | null)[],
  perLayer: Map<number, number>,
  seen: Set<string>,
): void {
  for (const [name, child] of node.children ?? []) {
    const path = relative === '' ? name : `${relative}/${name}`;
    if (child.children) {
      sumFiles(child, path, cache, layers, perLayer, seen);
      continue;
    }
    if (child.content < 0 || (cache.counts && !cache.counts(path))) continue;
    const key = `${child.layer}:${child.content}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const size = layers[child.layer]?.entries[child.content]?.size ?? 0;
    if (size > 0) perLayer.set(child.layer, (perLayer.get(child.layer) ?? 0) + size);
  }
}
