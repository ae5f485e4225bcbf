/**
 * Estimates the gzip size of a stream (a layer tar, as a registry stores it) while it streams past:
 * the bytes are cut into 1 MiB blocks, each compressed with zlib (at the level that matches the engine's
 * `docker push`, `pushGzipLevel`) on the libuv thread pool, up to 4 at a time. Each block is primed with the last 32 KiB of
 * the block before it (as pigz does), so matches across block edges are found as in one gzip stream
 * and the sum of the blocks stays within a fraction of a percent of a single gzip pass.
 *
 * Incompressible blocks (random data, already-compressed files) are the slowest to compress and
 * deflate can only store them; a block whose byte entropy is within 0.0005 bit of 8 bits per byte
 * is therefore counted as stored instead of compressed. At that threshold a block can hide at most
 * ~0.5 % of compressible bytes, so the shortcut moves the estimate by less than 0.5 % of the block.
 *
 * Large layers are sampled: the first 64 MiB of a layer is compressed in full, so most layers are
 * measured byte for byte. Past it, each 1 MiB block is measured by compressing one 16 KiB piece of
 * every 128 KiB (each primed with the 32 KiB before it), and the block counts at the ratio its pieces
 * achieved (ADR 0002); whether it counts as stored is told by the pieces' entropy too, so a random
 * block there costs a histogram of its pieces, not of all its bytes. Deflate is most of the
 * analysis' CPU time; sampling an eighth of the bytes evenly through every block keeps a 1 GB image
 * close to the time `docker save` takes, and stays within a percent of compressing everything
 * because neighbouring bytes compress alike.
 */
import { deflateRaw, type ZlibOptions } from 'node:zlib';

/** Tuning for `GzipSizeEstimator`; the defaults are what the estimate was measured with. */
export interface GzipEstimateOptions {
  /** Bytes per block (default 1 MiB). */
  blockSize?: number;
  /** zlib level (default 6). */
  level?: number;
  /** Blocks compressed at once (default 4, the size of libuv's thread pool). */
  parallel?: number;
  /** Bytes at the start of the stream that are compressed in full (default 64 MiB). */
  exactBytes?: number;
  /** Past `exactBytes`, compress one piece in this many of each block (default 8; 1 = everything). */
  sampleEvery?: number;
}

/**
 * The zlib level whose output is closest to what this engine's `docker push` stores. Docker 20.10
 * compresses with Go's compress/gzip at its default level, which zlib's level 6 matches within 1 %.
 * Docker 28 compresses faster and less tightly (the blobs its BuildKit writes are the same size): zlib
 * level 4 comes within 0.6 % on program bytes and Debian's files, where level 6 was 2.8 % under. Engines
 * from 21 to 27 are not tested and keep the 20.10 level.
 */
export function pushGzipLevel(engineVersion: string): number {
  const major = Number.parseInt(engineVersion, 10);
  return Number.isFinite(major) && major >= 28 ? 4 : 6;
}

/**
 * Names an estimator setting, so a cached estimate is only reused for the same setting: `l6` for the
 * defaults at level 6, with the other values appended when a test or benchmark changes them.
 */
export function estimateKey(options: GzipEstimateOptions = {}): string {
  const parts = [`l${options.level ?? 6}`];
  if (options.blockSize !== undefined) parts.push(`b${options.blockSize}`);
  if (options.exactBytes !== undefined) parts.push(`e${options.exactBytes}`);
  if (options.sampleEvery !== undefined) parts.push(`s${Math.max(1, Math.floor(options.sampleEvery))}`);
  return parts.join('-');
}

/** gzip's fixed header (10 bytes) and trailer (CRC32 + length, 8 bytes). */
const GZIP_FRAMING = 18;
/** Deflate looks back at most 32 KiB. */
const WINDOW = 32 * 1024;
/** Bytes in one sampled piece of a block. */
const PIECE = 16 * 1024;
/** Blocks at least this entropic (bits per byte) are counted as stored. */
const STORED_ENTROPY = 7.9995;
/** Bytes sampled first: most blocks are ruled out by their start. */
const ENTROPY_SAMPLE = 64 * 1024;
/** zlib stores in blocks of at most 16383 bytes (its literal buffer at the default memLevel), each with a 5-byte header. */
const STORED_BLOCK = 16383;
const STORED_HEADER = 5;

/** Feeds bytes in with `write`, then `finish` gives the estimated gzip size. */
export class GzipSizeEstimator {
  private readonly blockSize: number;
  private readonly level: number;
  private readonly parallel: number;
  private readonly exactBytes: number;
  private readonly sampleEvery: number;
  private readonly spare: Buffer[] = [];
  private block: Buffer;
  private filled = 0;
  private dictionary: Buffer | undefined;
  private readonly pending = new Set<Promise<void>>();
  /** Bytes taken so far, up to the block being filled. */
  private seen = 0;
  /**
   * Estimated compressed bytes of each block, in block order (fractional: sampled blocks count at their
   * pieces' ratio). Summed in order at the end, so blocks finishing in any order give the same total.
   */
  private readonly blockSizes: number[] = [];
  /** Bytes of the blocks counted as stored (incompressible). */
  private stored = 0;
  /** Bytes of the blocks whose size was estimated from sampled pieces. */
  private sampled = 0;
  private failure: Error | undefined;

  constructor(options: GzipEstimateOptions = {}) {
    this.blockSize = options.blockSize ?? 1024 * 1024;
    this.level = options.level ?? 6;
    this.parallel = options.parallel ?? 4;
    this.exactBytes = options.exactBytes ?? 64 * 1024 * 1024;
    this.sampleEvery = Math.max(1, Math.floor(options.sampleEvery ?? 8));
    this.block = Buffer.allocUnsafe(this.blockSize);
  }

  /** The share of the compressible bytes whose size was estimated from samples (0–1). */
  get sampledShare(): number {
    const compressible = this.seen - this.stored;
    return compressible > 0 ? this.sampled / compressible : 0;
  }

  /** Adds bytes; resolves once they are accepted (waits while `parallel` blocks are in flight). */
  async write(chunk: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < chunk.length) {
      const count = Math.min(chunk.length - offset, this.blockSize - this.filled);
      this.block.set(chunk.subarray(offset, offset + count), this.filled);
      this.filled += count;
      offset += count;
      if (this.filled === this.blockSize) await this.flush();
    }
  }

  /** The estimated gzip size of everything written. */
  async finish(): Promise<number> {
    if (this.filled > 0 || this.seen === 0) await this.flush();
    await Promise.all(this.pending);
    if (this.failure) throw this.failure;
    let compressed = 0;
    for (const size of this.blockSizes) compressed += size;
    return Math.round(compressed) + GZIP_FRAMING;
  }

  private async flush(): Promise<void> {
    while (this.pending.size >= this.parallel) await Promise.race(this.pending);
    if (this.failure) throw this.failure;
    const buffer = this.block;
    const data = buffer.subarray(0, this.filled);
    const primer = this.dictionary;
    // Copied: the block's buffer goes back to the pool once compressed.
    this.dictionary = Buffer.from(data.subarray(Math.max(0, data.length - WINDOW)));
    this.block = this.spare.pop() ?? Buffer.allocUnsafe(this.blockSize);
    this.filled = 0;
    const exact = this.seen < this.exactBytes;
    this.seen += data.length;
    const block = this.blockSizes.length;
    this.blockSizes.push(0);
    const pieces = exact ? [] : samplePieces(data.length, this.sampleEvery);
    // A sampled block is judged by its pieces, as its size is: random pieces would only be stored.
    if (pieces.length === 0 ? looksIncompressible(data) : piecesLookIncompressible(data, pieces)) {
      this.stored += data.length;
      this.blockSizes[block] = data.length + Math.ceil(data.length / STORED_BLOCK) * STORED_HEADER;
      this.spare.push(buffer);
      return;
    }
    const job =
      pieces.length === 0
        ? this.deflatedSize(data, primer).then((size) => {
            this.blockSizes[block] = size;
          })
        : Promise.all(
            pieces.map((at) =>
              this.deflatedSize(data.subarray(at, at + PIECE), data.subarray(Math.max(0, at - WINDOW), at)),
            ),
          ).then((sizes) => {
            const ratio = sizes.reduce((sum, size) => sum + size, 0) / (pieces.length * PIECE);
            this.blockSizes[block] = data.length * ratio;
            this.sampled += data.length;
          });
    const tracked = job
      .catch((error: Error) => {
        this.failure ??= error;
      })
      .finally(() => {
        this.spare.push(buffer);
        this.pending.delete(tracked);
      });
    this.pending.add(tracked);
  }

  /** Raw deflate size of `data` primed with `dictionary`, compressed on the thread pool. */
  private deflatedSize(data: Uint8Array, dictionary: Uint8Array | undefined): Promise<number> {
    // One output chunk per call (the default 16 KiB chunks cost a main-thread callback each), no larger
    // than deflate's worst case (zlib's deflateBound: stored blocks of 16 KiB, 5 bytes each, plus the
    // ending): each call allocates it, and over-sized chunks were most of the garbage collector's work.
    const bound = data.length + 5 * Math.ceil(data.length / STORED_BLOCK) + 64;
    const options: ZlibOptions = { level: this.level, chunkSize: Math.max(bound, 64) };
    if (dictionary && dictionary.length > 0) options.dictionary = dictionary;
    return new Promise((resolve, reject) => {
      deflateRaw(data, options, (error, output) => (error ? reject(error) : resolve(output.length)));
    });
  }
}

/**
 * Offsets of the pieces that stand for a block of `length` bytes when one piece in `every` is
 * compressed: the last 16 KiB of each stretch of `every` pieces, so each has up to 32 KiB before it
 * as its dictionary (all 32 KiB from `every` = 3 up). Empty (compress the whole block) when sampling is off or the block is too short.
 */
function samplePieces(length: number, every: number): number[] {
  const stretch = PIECE * every;
  if (every < 2 || length < stretch) return [];
  const offsets: number[] = [];
  for (let end = stretch; end <= length; end += stretch) offsets.push(end - PIECE);
  return offsets;
}

/** True when deflate could only store `data`: a high-entropy start, then high entropy throughout. */
function looksIncompressible(data: Uint8Array): boolean {
  if (data.length < ENTROPY_SAMPLE) return false;
  // A 64 KiB sample of random bytes measures ~7.997 bits (sampling loses a little); text is far below.
  if (byteEntropy(data.subarray(0, ENTROPY_SAMPLE)) < 7.99) return false;
  return byteEntropy(data) >= STORED_ENTROPY;
}

/**
 * True when the sampled pieces of a block are as random as a stored block's bytes. 128 KiB of random
 * bytes measure ~0.0014 bit under 8 (a byte histogram of few samples looks uneven), so the entropy is
 * corrected for its sample size (Miller–Madow: + (values seen - 1) / (2 n ln 2)); random pieces then
 * measure 8 within ~0.0001 bit, and the threshold means what it means for a whole block.
 */
function piecesLookIncompressible(data: Uint8Array, pieces: readonly number[]): boolean {
  const tables = histogramTables();
  for (const at of pieces) countBytes(data.subarray(at, at + PIECE), tables);
  const counts = mergeTables(tables);
  const total = pieces.length * PIECE;
  const seen = counts.reduce((values, count) => values + (count > 0 ? 1 : 0), 0);
  return entropyOf(counts, total) + (seen - 1) / (2 * total * Math.LN2) >= STORED_ENTROPY;
}

/** Shannon entropy of the byte histogram, in bits per byte. */
export function byteEntropy(data: Uint8Array): number {
  const tables = histogramTables();
  countBytes(data, tables);
  return entropyOf(mergeTables(tables), data.length);
}

/** Shannon entropy, in bits per byte, of `counts` over `total` bytes. */
function entropyOf(counts: Uint32Array, total: number): number {
  let bits = 0;
  for (const count of counts) {
    if (count === 0) continue;
    const p = count / total;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Four byte-count tables: counting into them in turn runs about twice as fast as into one. */
type HistogramTables = [Uint32Array, Uint32Array, Uint32Array, Uint32Array];

function histogramTables(): HistogramTables {
  return [0, 1, 2, 3].map(() => new Uint32Array(256)) as HistogramTables;
}

/**
 * Counts each byte value of `data` into `tables`. Reads aligned 32-bit words, one byte of each into
 * each table, which runs about twice as fast as a byte loop (it sits on the main thread, next to
 * hashing and tar parsing).
 */
function countBytes(data: Uint8Array, tables: HistogramTables): void {
  const [c0, c1, c2, c3] = tables;
  const head = Math.min(data.length, (4 - (data.byteOffset % 4)) % 4);
  const words = new Uint32Array(data.buffer, data.byteOffset + head, (data.length - head) >>> 2);
  const countByte = (byte: number): void => {
    c0[byte] = (c0[byte] as number) + 1;
  };
  for (let i = 0; i < head; i += 1) countByte(data[i] as number);
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] as number;
    c0[word & 255] = (c0[word & 255] as number) + 1;
    c1[(word >>> 8) & 255] = (c1[(word >>> 8) & 255] as number) + 1;
    c2[(word >>> 16) & 255] = (c2[(word >>> 16) & 255] as number) + 1;
    c3[word >>> 24] = (c3[word >>> 24] as number) + 1;
  }
  for (let i = head + words.length * 4; i < data.length; i += 1) countByte(data[i] as number);
}

/** The four tables summed into the first. */
function mergeTables([c0, c1, c2, c3]: HistogramTables): Uint32Array {
  for (let value = 0; value < 256; value += 1) {
    c0[value] = (c0[value] as number) + (c1[value] as number) + (c2[value] as number) + (c3[value] as number);
  }
  return c0;
}
