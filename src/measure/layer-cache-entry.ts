/**
 * What the layer-analysis cache keeps for one layer, and its file format. A layer is known by its diff
 * ID (the sha256 of its uncompressed tar), so what analysing it gives never changes: its file index
 * (the `LayerRecord` that stacking needs for wasted bytes, overwritten files and leftover caches) and
 * its gzip size estimate at each estimator setting it was measured with. Bytes per glob are kept for
 * the globs asked so far and worked out from the index for others, so a new glob set is never served
 * a stale answer.
 *
 * On disk an entry is gzip-compressed JSON with the index in columns (paths, kinds, sizes), which a
 * corrupt or truncated file fails to decode (gzip's CRC, then a shape check) instead of misleading.
 */
import picomatch from 'picomatch';
import type { LayerEntry, LayerRecord } from './layer-record.js';

/**
 * Bumped whenever what analysing a layer yields changes (the record's fields, how a tar is read, the
 * estimator's method): entries of another version are never read, and age out of the folder.
 */
export const LAYER_ANALYSIS_VERSION = 1;

/** One analysed layer. */
export interface CachedLayer {
  diffId: string;
  record: LayerRecord;
  /** Estimated gzip size of the layer tar, keyed by estimator setting (`estimateKey`). */
  gzipEstimates: Record<string, number>;
}

const KIND_CODES: Record<LayerEntry['kind'], string> = { file: 'f', dir: 'd', symlink: 'l', other: 'o' };
const KIND_OF_CODE: Record<string, LayerEntry['kind']> = { f: 'file', d: 'dir', l: 'symlink', o: 'other' };

/** The JSON written to disk (before compression). */
interface EntryFile {
  version: number;
  diffId: string;
  size: number;
  paths: string[];
  /** One character per entry: f, d, l, o. */
  kinds: string;
  sizes: number[];
  /** `[entry, content]` for hard links (files whose content is another entry's). */
  links: [number, number][];
  whiteouts: string[];
  opaqueDirs: string[];
  globBytes: Record<string, number>;
  gzipEstimates: Record<string, number>;
}

/** The entry as the JSON text that is compressed to disk. */
export function encodeLayer(layer: CachedLayer): string {
  const { record } = layer;
  const links: [number, number][] = [];
  record.entries.forEach((entry, index) => {
    if (entry.kind === 'file' && entry.content !== index) links.push([index, entry.content]);
  });
  const file: EntryFile = {
    version: LAYER_ANALYSIS_VERSION,
    diffId: layer.diffId,
    size: record.size,
    paths: record.entries.map((entry) => entry.path),
    kinds: record.entries.map((entry) => KIND_CODES[entry.kind]).join(''),
    sizes: record.entries.map((entry) => entry.size),
    links,
    whiteouts: record.whiteouts,
    opaqueDirs: record.opaqueDirs,
    globBytes: record.globBytes,
    gzipEstimates: layer.gzipEstimates,
  };
  return JSON.stringify(file);
}

/**
 * Decodes an entry's JSON text; undefined when it is not a well-formed entry of this analysis version
 * for `diffId` (a corrupt, foreign or outdated file is a miss, never an error).
 */
export function decodeLayer(text: string, diffId: string): CachedLayer | undefined {
  let file: Partial<EntryFile>;
  try {
    file = JSON.parse(text) as Partial<EntryFile>;
  } catch {
    return undefined;
  }
  if (file.version !== LAYER_ANALYSIS_VERSION || file.diffId !== diffId || !isShaped(file)) return undefined;
  const count = file.paths.length;
  const entries: LayerEntry[] = [];
  for (let index = 0; index < count; index += 1) {
    const kind = KIND_OF_CODE[file.kinds[index] as string];
    const size = file.sizes[index];
    const path = file.paths[index];
    if (!kind || typeof size !== 'number' || size < 0 || typeof path !== 'string') return undefined;
    entries.push({ path, kind, size, content: kind === 'file' ? index : -1 });
  }
  for (const link of file.links) {
    const [index, content] = link;
    if (!(index < count && content < index && entries[content]?.kind === 'file')) return undefined;
    (entries[index] as LayerEntry).content = content;
  }
  return {
    diffId,
    record: {
      entries,
      whiteouts: file.whiteouts,
      opaqueDirs: file.opaqueDirs,
      size: file.size,
      globBytes: file.globBytes,
    },
    gzipEstimates: file.gzipEstimates,
  };
}

function isShaped(file: Partial<EntryFile>): file is EntryFile {
  const isStrings = (value: unknown): value is string[] =>
    Array.isArray(value) && value.every((item) => typeof item === 'string');
  const isNumbers = (value: unknown): boolean =>
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((item) => typeof item === 'number');
  return (
    typeof file.size === 'number' &&
    isStrings(file.paths) &&
    typeof file.kinds === 'string' &&
    file.kinds.length === file.paths.length &&
    Array.isArray(file.sizes) &&
    file.sizes.length === file.paths.length &&
    Array.isArray(file.links) &&
    file.links.every(
      (link) => Array.isArray(link) && link.length === 2 && link.every((n) => Number.isInteger(n) && n >= 0),
    ) &&
    isStrings(file.whiteouts) &&
    isStrings(file.opaqueDirs) &&
    isNumbers(file.globBytes) &&
    isNumbers(file.gzipEstimates)
  );
}

/**
 * The record with bytes for exactly `globs`: those measured when the layer was read, the others
 * summed from its index the way `LayerRecordBuilder` counts them (regular-file content, hard links
 * counted once). The cached record is not modified.
 */
export function recordForGlobs(record: LayerRecord, globs: readonly string[]): LayerRecord {
  const globBytes: Record<string, number> = {};
  const missing: string[] = [];
  for (const glob of globs) {
    const known = record.globBytes[glob];
    if (known === undefined) missing.push(glob);
    else globBytes[glob] = known;
  }
  for (const glob of missing) {
    const test = picomatch(glob, { dot: true });
    let bytes = 0;
    for (const entry of record.entries) {
      if (entry.kind === 'file' && entry.size > 0 && test(`/${entry.path}`)) bytes += entry.size;
    }
    globBytes[glob] = bytes;
  }
  return { ...record, globBytes };
}
