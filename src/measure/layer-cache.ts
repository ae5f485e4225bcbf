/**
 * The layer-analysis cache: what reading a layer gave (layer-cache-entry.ts), kept by diff ID in a
 * folder, so a layer that one image shares with another (head and base, a what-if build) or with an
 * earlier run is read past in the `docker save` stream instead of being hashed, parsed and compressed
 * again. Entries are also kept in memory for the run.
 *
 * The folder is bounded by size: after writing, the least recently used files go first (a read
 * touches its file). Every file is written to a temporary name and renamed into place, so a reader
 * or a concurrent run sees a whole entry or none; an entry that cannot be read or decoded counts as a
 * miss and is written again. Nothing the cache does can fail a measurement: its own errors are
 * counted and reported in `stats`, never thrown.
 *
 * Besides layers it keeps aliases: the digest of a compressed blob (as the containerd image store
 * saves layers) → the diff ID of its content, learnt when the blob was read. A blob's name is the
 * digest of its bytes, so the alias holds for good. And it keeps images (image-cache-entry.ts): an
 * image measured before, whose layers are all still cached, is measured again without a save.
 */
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { decodeLayer, encodeLayer, LAYER_ANALYSIS_VERSION, type CachedLayer } from './layer-cache-entry.js';
import { decodeImage, encodeImage, IMAGE_ENTRY_VERSION, type CachedImage } from './image-cache-entry.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** The default bound of the folder's size. */
export const DEFAULT_LAYER_CACHE_BYTES = 512 * 1024 * 1024;

/** Temporary files older than this are left over from a run that died: eviction removes them. */
const STALE_TEMP_MS = 60 * 60 * 1000;

/** What the cache did in this process, for the log and for tests. */
export interface LayerCacheStats {
  /** Images measured from the cache alone, without `docker save`. */
  imageHits: number;
  /** Layers served from memory (read or analysed earlier in this run). */
  memoryHits: number;
  /** Layers served from the folder. */
  diskHits: number;
  /** Layers analysed because the cache could not serve them (not cached, or not told apart by name). */
  misses: number;
  /** Entries (layers and aliases) written to the folder. */
  writes: number;
  /** Files that were unreadable or did not decode; each is written again when its layer is read. */
  corrupt: number;
  /** Files removed to keep the folder under its bound. */
  evicted: number;
  /** Cache operations that failed (a read-only folder, a full disk); the run went on without them. */
  errors: number;
}

/** Where and how large. */
export interface LayerCacheOptions {
  /** The folder; created when missing. */
  dir: string;
  /** Bound of the folder's size in bytes (default 512 MiB). */
  maxBytes?: number;
}

/** The cache of analysed layers; one per run, shared by every image measured in it. */
export class LayerCache {
  readonly dir: string;
  readonly maxBytes: number;
  readonly stats: LayerCacheStats = {
    imageHits: 0,
    memoryHits: 0,
    diskHits: 0,
    misses: 0,
    writes: 0,
    corrupt: 0,
    evicted: 0,
    errors: 0,
  };
  private readonly memory = new Map<string, CachedLayer>();
  private readonly aliases = new Map<string, string>();
  /** Files found damaged in this run: not read again (and counted once) until rewritten. */
  private readonly unreadable = new Set<string>();
  private readonly pending = new Set<Promise<void>>();
  /** The last write of each file in flight. */
  private readonly writing = new Map<string, Promise<void>>();
  /** `stats.writes` when the folder was last cut down to size. */
  private writesAtEviction = 0;
  /** The first error met, for the log line. */
  private firstError: string | undefined;

  constructor(options: LayerCacheOptions) {
    this.dir = options.dir;
    this.maxBytes = options.maxBytes ?? DEFAULT_LAYER_CACHE_BYTES;
  }

  /**
   * The layer with diff ID `diffId`, when it is cached with everything `needs` asks for (the gzip
   * estimate of that setting); undefined otherwise.
   */
  async get(diffId: string, needs: { gzipEstimate?: string } = {}): Promise<CachedLayer | undefined> {
    const satisfies = (layer: CachedLayer | undefined): layer is CachedLayer =>
      layer !== undefined && (needs.gzipEstimate === undefined || needs.gzipEstimate in layer.gzipEstimates);
    const known = this.memory.get(diffId);
    if (satisfies(known)) {
      this.stats.memoryHits += 1;
      return known;
    }
    const file = this.layerPath(diffId);
    const read = file && !this.unreadable.has(file) ? await this.readLayer(file, diffId) : undefined;
    if (read) this.memory.set(diffId, merge(known, read));
    if (file && satisfies(read)) {
      this.stats.diskHits += 1;
      this.track(this.touch(file));
      return this.memory.get(diffId);
    }
    return undefined;
  }

  /** Counts a layer that had to be analysed. */
  missed(): void {
    this.stats.misses += 1;
  }

  /** Keeps an analysed layer (merging estimates with what is already known) and writes it to the folder. */
  put(layer: CachedLayer): void {
    const file = this.layerPath(layer.diffId);
    if (!file) return;
    this.memory.set(layer.diffId, merge(this.memory.get(layer.diffId), layer));
    // Writes of one file follow each other, each writing what is known by then: the last one wins.
    const previous = this.writing.get(file) ?? Promise.resolve();
    const next = previous.then(() => {
      const latest = this.memory.get(layer.diffId);
      return latest ? this.writeFile(file, encodeLayer(latest)) : undefined;
    });
    this.writing.set(file, next);
    this.track(
      next.finally(() => {
        if (this.writing.get(file) === next) this.writing.delete(file);
      }),
    );
  }

  /** What was kept of image `imageId` of image store `store`, when it was read cleanly before. */
  async getImage(imageId: string, store: string): Promise<CachedImage | undefined> {
    const file = this.imagePath(imageId, store);
    const image = await this.readEntry(file, (text) => decodeImage(text, imageId, store));
    if (image) this.track(this.touch(file));
    return image;
  }

  /** Counts an image measured from the cache alone. */
  servedImage(): void {
    this.stats.imageHits += 1;
  }

  /** Keeps what a clean read of an image's archive gave. */
  putImage(image: CachedImage): void {
    this.track(this.writeFile(this.imagePath(image.imageId, image.store), encodeImage(image)));
  }

  /** The diff ID of blob `digest`'s content, when learnt. */
  async aliasOf(digest: string): Promise<string | undefined> {
    const known = this.aliases.get(digest);
    if (known) return known;
    const file = this.aliasPath(digest);
    if (!file) return undefined;
    try {
      const text = (await fs.readFile(file, 'utf8')).trim();
      if (!isDigest(text)) {
        this.stats.corrupt += 1;
        return undefined;
      }
      this.aliases.set(digest, text);
      this.track(this.touch(file));
      return text;
    } catch (error) {
      if (!isMissing(error)) this.fail(error);
      return undefined;
    }
  }

  /** Records that blob `digest` holds the layer `diffId`. */
  alias(digest: string, diffId: string): void {
    const file = this.aliasPath(digest);
    if (!file || !isDigest(diffId) || this.aliases.get(digest) === diffId) return;
    this.aliases.set(digest, diffId);
    this.track(this.writeFile(file, diffId, false));
  }

  /** Waits for the writes in flight, then, when anything was written, evicts down to the bound. Never throws. */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
    // Reads only touch files: the folder grows only by writes (and listing it is not free).
    if (this.stats.writes === this.writesAtEviction) return;
    this.writesAtEviction = this.stats.writes;
    await this.evict();
  }

  /** One line for the log: what was served, analysed and written. */
  describe(): string {
    const { imageHits, memoryHits, diskHits, misses, writes, corrupt, evicted, errors } = this.stats;
    const parts = [
      ...(imageHits > 0
        ? [`${imageHits} image${imageHits === 1 ? '' : 's'} measured from the cache without a save`]
        : []),
      `${memoryHits + diskHits} layer${memoryHits + diskHits === 1 ? '' : 's'} from the cache (${diskHits} from ${this.dir}, ${memoryHits} from this run)`,
      `${misses} analysed`,
      `${writes} written`,
    ];
    if (corrupt > 0) parts.push(`${corrupt} unreadable entr${corrupt === 1 ? 'y' : 'ies'} replaced`);
    if (evicted > 0) parts.push(`${evicted} evicted`);
    if (errors > 0)
      parts.push(`${errors} cache error${errors === 1 ? '' : 's'} ignored (${this.firstError})`);
    return `Layer cache: ${parts.join(', ')}.`;
  }

  private layerPath(diffId: string): string | undefined {
    const hex = hexOf(diffId);
    return hex && path.join(this.dir, `layers-v${LAYER_ANALYSIS_VERSION}`, hex.slice(0, 2), `${hex}.json.gz`);
  }

  /** Named by a digest of the store and the ID: an ID means one image only within its store. */
  private imagePath(imageId: string, store: string): string {
    const hex = createHash('sha256').update(`${store}\n${imageId}`).digest('hex');
    return path.join(this.dir, `images-v${IMAGE_ENTRY_VERSION}`, hex.slice(0, 2), `${hex}.json.gz`);
  }

  private aliasPath(digest: string): string | undefined {
    const hex = hexOf(digest);
    return hex && path.join(this.dir, 'aliases', hex.slice(0, 2), hex);
  }

  private readLayer(file: string, diffId: string): Promise<CachedLayer | undefined> {
    return this.readEntry(file, (text) => decodeLayer(text, diffId));
  }

  /**
   * Reads and decodes a gzip-compressed entry. A missing file is a plain miss; a damaged one (or one
   * `decode` refuses) is counted, not read again in this run, and written again when it is next known.
   */
  private async readEntry<T>(file: string, decode: (text: string) => T | undefined): Promise<T | undefined> {
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(file);
    } catch (error) {
      if (!isMissing(error)) this.fail(error);
      return undefined;
    }
    try {
      const entry = decode((await gunzipAsync(bytes)).toString('utf8'));
      if (entry !== undefined) return entry;
    } catch {
      // A truncated or damaged file: counted below.
    }
    this.stats.corrupt += 1;
    this.unreadable.add(file);
    return undefined;
  }

  /** Writes `text` to `file` through a temporary file and a rename, so nobody reads half an entry. */
  private async writeFile(file: string, text: string, compress = true): Promise<void> {
    const temp = `${file}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
    try {
      const bytes = compress ? await gzipAsync(text) : Buffer.from(text);
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(temp, bytes);
      await fs.rename(temp, file);
      this.unreadable.delete(file);
      this.stats.writes += 1;
    } catch (error) {
      this.fail(error);
      await fs.rm(temp, { force: true }).catch(() => undefined);
    }
  }

  /** Marks `file` as just used, for the eviction order. */
  private async touch(file: string): Promise<void> {
    const now = new Date();
    await fs.utimes(file, now, now).catch(() => undefined); // evicted meanwhile, or read-only: harmless
  }

  /** Removes the least recently used of its own files until they are within `maxBytes`. */
  private async evict(): Promise<void> {
    let files: { path: string; size: number; used: number }[];
    try {
      files = await listOwnFiles(this.dir);
    } catch (error) {
      if (!isMissing(error)) this.fail(error);
      return;
    }
    const now = Date.now();
    let total = 0;
    const kept: typeof files = [];
    for (const file of files) {
      if (file.path.includes('.tmp-')) {
        // Another run's write in progress, unless it is old.
        if (now - file.used > STALE_TEMP_MS) await fs.rm(file.path, { force: true }).catch(() => undefined);
        continue;
      }
      total += file.size;
      kept.push(file);
    }
    kept.sort((a, b) => a.used - b.used);
    for (const file of kept) {
      if (total <= this.maxBytes) break;
      try {
        await fs.rm(file.path, { force: true });
        total -= file.size;
        this.stats.evicted += 1;
      } catch (error) {
        this.fail(error);
      }
    }
  }

  private track(work: Promise<void>): void {
    const tracked = work.finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  private fail(error: unknown): void {
    this.stats.errors += 1;
    this.firstError ??= (error as Error).message;
  }
}

/**
 * The folder the cache uses unless one is named: the runner's tool cache in the action
 * (`$RUNNER_TOOL_CACHE/docker-diet`, when set), else `$XDG_CACHE_HOME/docker-diet`, else
 * `~/.cache/docker-diet`.
 */
export function defaultLayerCacheDir(env: NodeJS.ProcessEnv, inAction: boolean): string {
  if (inAction && env.RUNNER_TOOL_CACHE) return path.join(env.RUNNER_TOOL_CACHE, 'docker-diet');
  if (env.XDG_CACHE_HOME) return path.join(env.XDG_CACHE_HOME, 'docker-diet');
  return path.join(os.homedir(), '.cache', 'docker-diet');
}

/** `a` with `b`'s record (both describe the same bytes) and both's estimates. */
function merge(a: CachedLayer | undefined, b: CachedLayer): CachedLayer {
  if (!a) return b;
  return {
    diffId: b.diffId,
    record: { ...b.record, globBytes: { ...a.record.globBytes, ...b.record.globBytes } },
    gzipEstimates: { ...a.gzipEstimates, ...b.gzipEstimates },
  };
}

function hexOf(digest: string): string | undefined {
  return isDigest(digest) ? digest.slice('sha256:'.length) : undefined;
}

function isDigest(text: string): boolean {
  return /^sha256:[0-9a-f]{64}$/.test(text);
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/** The cache's own subfolders: layer and image entries of every version, and aliases. */
const OWN_FOLDER = /^(layers-v\d+|images-v\d+|aliases)$/;

/**
 * The files of the cache's own subfolders of `dir`, with their size and last use (mtime). Nothing
 * else in `dir` is listed, so nothing else is ever evicted: the folder may be shared (the default
 * `~/.cache/docker-diet`) or named by the user.
 */
async function listOwnFiles(dir: string): Promise<{ path: string; size: number; used: number }[]> {
  const found: { path: string; size: number; used: number }[] = [];
  for (const folder of await fs.readdir(dir, { withFileTypes: true })) {
    if (folder.isDirectory() && OWN_FOLDER.test(folder.name))
      found.push(...(await listFiles(path.join(dir, folder.name))));
  }
  return found;
}

/** Every file under `dir`, with its size and last use (mtime). */
async function listFiles(dir: string): Promise<{ path: string; size: number; used: number }[]> {
  const found: { path: string; size: number; used: number }[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    try {
      const stat = await fs.stat(file);
      found.push({ path: file, size: stat.size, used: stat.mtimeMs });
    } catch {
      // Removed meanwhile by another run.
    }
  }
  return found;
}
