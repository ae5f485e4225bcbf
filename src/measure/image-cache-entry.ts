/**
 * What the layer-analysis cache keeps for a whole image: its config (as the archive held it) and, per
 * layer in order, the diff ID and what the archive said of its pull size. With every layer cached too,
 * an image measured before is measured again without `docker save` (`analyzeCachedImage` in
 * archive.ts).
 *
 * An image is known by the engine's ID in one image store, which names its content: the config
 * digest (graphdriver stores) or the manifest/index digest (the containerd store), so what its
 * archive holds never changes.
 */

/**
 * Bumped whenever what is kept for an image changes: entries of another version are never read, and
 * age out of the folder.
 */
export const IMAGE_ENTRY_VERSION = 1;

/** One layer of a cached image, oldest first. */
export interface CachedImageLayer {
  diffId: string;
  /**
   * The layer's pull size as the archive gave it (its stored blob, exact); null when the pull size is
   * the gzip estimate kept with the layer's own entry.
   */
  storedSize: number | null;
}

/** One image whose archive was read cleanly. */
export interface CachedImage {
  /** The engine's image ID. */
  imageId: string;
  /** The image store it was saved from (`overlay2`, `containerd`, …). */
  store: string;
  /** The config JSON, as parsed from the archive. */
  config: unknown;
  layers: CachedImageLayer[];
}

/** The entry as the JSON text that is compressed to disk. */
export function encodeImage(image: CachedImage): string {
  return JSON.stringify({ version: IMAGE_ENTRY_VERSION, ...image });
}

/**
 * Decodes an entry's JSON text; undefined when it is not a well-formed entry of this version for that
 * image and store (a corrupt, foreign or outdated file is a miss, never an error).
 */
export function decodeImage(text: string, imageId: string, store: string): CachedImage | undefined {
  let file: Partial<CachedImage & { version: number }>;
  try {
    file = JSON.parse(text) as typeof file;
  } catch {
    return undefined;
  }
  if (file.version !== IMAGE_ENTRY_VERSION || file.imageId !== imageId || file.store !== store)
    return undefined;
  const layers = file.layers;
  const shaped =
    typeof file.config === 'object' &&
    file.config !== null &&
    Array.isArray(layers) &&
    layers.every(
      (layer) =>
        typeof layer === 'object' &&
        layer !== null &&
        typeof layer.diffId === 'string' &&
        (layer.storedSize === null || (Number.isInteger(layer.storedSize) && layer.storedSize >= 0)),
    );
  if (!shaped) return undefined;
  return {
    imageId,
    store,
    config: file.config,
    layers: layers.map(({ diffId, storedSize }) => ({ diffId, storedSize })),
  };
}
