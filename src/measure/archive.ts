/**
 * One streaming pass over a `docker save` archive: every layer is read as it passes (hash, gzip size,
 * file records), the JSON members are kept, and at the end the layers are put in manifest order,
 * checked against the config's diff_ids and stacked to find wasted bytes and leftover caches. An image
 * read cleanly before is answered from the layer-analysis cache without a save (`analyzeCachedImage`).
 * Works with the 20.10 layout (`<id>/layer.tar`, manifest last) and the OCI layout of Docker 25+
 * (`blobs/sha256/…`, layers possibly gzip/zstd compressed), told apart by content.
 */
import { DietError, environmentError } from '../errors.js';
import type { ArchiveAnalysis, ImageConfig, LayerAnalysis } from './types.js';
import { estimateKey, type GzipEstimateOptions } from './compress-estimate.js';
import { recordForGlobs } from './layer-cache-entry.js';
import { resolveLayout } from './archive-layout.js';
import { parseImageConfig } from './image-config.js';
import { readMembers, type ArchiveContents } from './archive-members.js';
import { stackLayers } from './layer-stack.js';
import { topWastedPaths } from './wasted-paths.js';
import { findLeftoverCaches } from './leftover-caches.js';
import type { LayerScan } from './layer-scan.js';
import type { LayerCache } from './layer-cache.js';
import { LayerIdentities } from './layer-identity.js';
import type { ReadMembersOptions } from './archive-members.js';
import type { ImageStore } from '../docker/client.js';
import { readTarMembers } from './tar-reader.js';

/** Options for `analyzeImageArchive`. */
export interface AnalyzeArchiveOptions {
  /** Absolute image paths (picomatch globs, e.g. `/var/lib/apt/lists/**`) to count bytes for per layer. */
  pathGlobs?: string[];
  /** Tuning of the gzip size estimate (the level follows the engine; the rest is for tests and benchmarks). */
  estimate?: GzipEstimateOptions;
  /**
   * The engine's image store. With `containerd` the archive holds the blobs the store keeps and a push
   * sends as they are, so every layer's stored size is its exact pull size, compressed or not.
   */
  imageStore?: ImageStore;
  /**
   * The layer-analysis cache, with the image's ID and diff IDs as the engine reported them before the
   * save (the diff IDs tell cached layers apart by name). Without it every layer is read. After a
   * clean read the image is kept in it too, so `analyzeCachedImage` can answer next time.
   */
  layerCache?: { store: LayerCache; imageId: string; diffIds: readonly string[] };
}

/**
 * Analyses a `docker save` tar stream (e.g. `DockerClient.saveImage`). Reads it once, to the end,
 * honouring backpressure. Throws a DietError when the stream is not an image archive or breaks off.
 */
export async function analyzeImageArchive(
  stream: NodeJS.ReadableStream | AsyncIterable<Uint8Array>,
  options: AnalyzeArchiveOptions = {},
): Promise<ArchiveAnalysis> {
  const pathGlobs = options.pathGlobs ?? [];
  let contents: ArchiveContents;
  try {
    contents = await readArchive(stream, {
      pathGlobs,
      estimate: options.estimate,
      storedAsPushed: options.imageStore === 'containerd',
      cache: options.layerCache && {
        store: options.layerCache.store,
        identities: new LayerIdentities(options.layerCache.diffIds, options.layerCache.store),
      },
    });
  } catch (error) {
    if (error instanceof DietError) throw error;
    throw environmentError(`The image archive could not be read: ${(error as Error).message}.`);
  }
  const { configJson, config, scans, notes } = resolveScans(contents);
  const cache = options.layerCache;
  if (cache && notes.length === 0 && scans.every((scan) => scan?.diffId && scan.record)) {
    cache.store.putImage({
      imageId: cache.imageId,
      store: options.imageStore ?? 'graphdriver',
      config: configJson,
      layers: scans.map((scan) => ({
        diffId: scan!.diffId!,
        storedSize: scan!.compressedSizeEstimated ? null : scan!.compressedSize,
      })),
    });
  }
  return summarize(config, scans, notes, pathGlobs);
}

/**
 * The analysis of image `imageId` from the layer-analysis cache alone, without a save: when the image
 * was read cleanly before and every layer is still cached (with the gzip estimate of this setting
 * where the pull size is estimated). Undefined otherwise; then the image is saved and read.
 */
export async function analyzeCachedImage(
  cache: LayerCache,
  imageId: string,
  options: Omit<AnalyzeArchiveOptions, 'layerCache'> = {},
): Promise<ArchiveAnalysis | undefined> {
  const image = await cache.getImage(imageId, options.imageStore ?? 'graphdriver');
  if (!image) return undefined;
  const pathGlobs = options.pathGlobs ?? [];
  const key = estimateKey(options.estimate);
  let config: ImageConfig;
  try {
    config = parseImageConfig(image.config, 'The cached config');
  } catch {
    return undefined;
  }
  if (config.diffIds.join() !== image.layers.map((layer) => layer.diffId).join()) return undefined;
  const scans: LayerScan[] = [];
  for (const layer of image.layers) {
    const estimated = layer.storedSize === null;
    const hit = await cache.get(layer.diffId, estimated ? { gzipEstimate: key } : {});
    if (!hit) return undefined;
    scans.push({
      diffId: layer.diffId,
      record: recordForGlobs(hit.record, pathGlobs),
      compressedSize: estimated ? (hit.gzipEstimates[key] as number) : (layer.storedSize as number),
      compressedSizeEstimated: estimated,
      notes: [],
    });
  }
  cache.servedImage();
  return summarize(config, scans, [], pathGlobs);
}

/** Reads the archive's members as they stream, with backpressure: a member is read before the next is asked for. */
async function readArchive(
  stream: NodeJS.ReadableStream | AsyncIterable<Uint8Array>,
  options: ReadMembersOptions,
): Promise<ArchiveContents> {
  return readMembers(readTarMembers(stream as AsyncIterable<Uint8Array>), options);
}

/** Finds the config and puts the scanned layers in the config's order, with notes on what is amiss. */
function resolveScans(contents: ArchiveContents): {
  configJson: unknown;
  config: ImageConfig;
  scans: (LayerScan | undefined)[];
  notes: string[];
} {
  const layout = resolveLayout(contents.json);
  const notes = [...layout.notes];
  const configJson = contents.json.get(layout.configPath);
  if (configJson === undefined) {
    throw environmentError(`The image archive lacks its config ${layout.configPath}.`);
  }
  const config = parseImageConfig(configJson, layout.configPath);
  if (layout.layerPaths.length !== config.diffIds.length) {
    notes.push(
      `The manifest lists ${layout.layerPaths.length} layers but the config ${config.diffIds.length} diff_ids; layers were matched by position.`,
    );
  }
  const scans: (LayerScan | undefined)[] = config.diffIds.map((diffId, index) => {
    const path = layout.layerPaths[index];
    const scan = path === undefined ? undefined : contents.layers.get(contents.aliases.get(path) ?? path);
    if (!scan) notes.push(`Layer ${index + 1} (${diffId}) is missing from the archive: not analysed.`);
    else if (scan.diffId && scan.diffId !== diffId) {
      notes.push(`Layer ${index + 1}: its content hashes to ${scan.diffId}, but the config says ${diffId}.`);
    }
    return scan;
  });
  for (const scan of new Set(scans)) notes.push(...(scan?.notes ?? []));
  return { configJson, config, scans, notes };
}

/** Stacks the layers (in the config's order) and sums up. */
function summarize(
  config: ImageConfig,
  scans: readonly (LayerScan | undefined)[],
  notes: string[],
  pathGlobs: readonly string[],
): ArchiveAnalysis {
  const records = scans.map((scan) => scan?.record ?? null);
  const stacked = stackLayers(records);
  const layers = config.diffIds.map((diffId, index): LayerAnalysis => {
    const scan = scans[index];
    const counts = stacked.counts[index];
    return {
      diffId,
      size: scan?.record?.size ?? 0,
      compressedSize: scan?.compressedSize ?? 0,
      compressedSizeEstimated: scan?.compressedSizeEstimated ?? true,
      wastedBytes: counts?.wastedBytes ?? 0,
      filesAdded: counts?.filesAdded ?? 0,
      filesOverwritten: counts?.filesOverwritten ?? 0,
      filesDeleted: counts?.filesDeleted ?? 0,
      // Copied: a layer listed twice (same diff_id) shares one record.
      globBytes: { ...(scan?.record?.globBytes ?? Object.fromEntries(pathGlobs.map((glob) => [glob, 0]))) },
    };
  });
  return {
    config,
    layers,
    wastedBytes: layers.reduce((sum, layer) => sum + layer.wastedBytes, 0),
    wastedPaths: topWastedPaths(stacked.wastedByPath),
    leftoverCaches: findLeftoverCaches(stacked.root, records),
    notes,
  };
}
