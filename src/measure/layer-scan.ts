/**
 * Reads one layer of a `docker save` archive as it streams: decompresses it when the archive stored
 * it gzip/zstd compressed, hashes the uncompressed tar (its diff_id), estimates its gzip size when it
 * is stored uncompressed, and reduces its headers to a `LayerRecord`. Bytes are never held beyond
 * the stream's buffers and the estimator's blocks: every await passes backpressure up to the engine.
 */
import { createHash, type Hash } from 'node:crypto';
import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import { GzipSizeEstimator, type GzipEstimateOptions } from './compress-estimate.js';
import { LayerRecordBuilder, type LayerRecord } from './layer-record.js';
import { TarHeaderWalker } from './tar-reader.js';

/** What reading one layer gave. */
export interface LayerScan {
  /** `sha256:` of the uncompressed tar; null when it could not be decompressed. */
  diffId: string | null;
  /** null when the layer's files could not be read. */
  record: LayerRecord | null;
  compressedSize: number;
  compressedSizeEstimated: boolean;
  /** Why something is missing, for the report. */
  notes: string[];
}

/** Options for `scanLayer`. */
export interface LayerScanOptions {
  /** Absolute image paths (picomatch) to count bytes for. */
  pathGlobs: readonly string[];
  estimate?: GzipEstimateOptions;
  /**
   * True when the archive's blobs are the ones a push sends unchanged (the containerd image store):
   * then an uncompressed layer's pull size is its tar size, exactly, and nothing is estimated.
   */
  storedAsPushed?: boolean;
}

type ZstdFactory = () => Transform;

/** Node 22.15+ has zstd in zlib; Node 20 does not. */
function zstdDecompressor(): ZstdFactory | undefined {
  const factory = (zlib as unknown as { createZstdDecompress?: ZstdFactory }).createZstdDecompress;
  return typeof factory === 'function' ? () => factory() : undefined;
}

/**
 * Reads a layer. `bytes` is the member's content as stored, `storedSize` its length in the archive and
 * `name` its archive path (for notes). `diffId`, for an uncompressed tar whose diff ID its name already
 * tells (layer-identity.ts), spares hashing it. The returned promise resolves after `bytes` is read to
 * its end, or left (a layer that cannot be decompressed): the archive reader passes over the rest.
 */
export async function scanLayer(
  kind: 'tar' | 'gzip' | 'zstd',
  bytes: AsyncIterable<Uint8Array>,
  storedSize: number,
  name: string,
  options: LayerScanOptions,
  diffId?: string,
): Promise<LayerScan> {
  const estimator =
    kind === 'tar' && !options.storedAsPushed ? new GzipSizeEstimator(options.estimate) : undefined;
  const sink = new TarSink(options.pathGlobs, estimator, kind === 'tar' ? diffId : undefined);
  const feed = async (source: AsyncIterable<Uint8Array>): Promise<void> => {
    for await (const chunk of source) await sink.write(chunk);
  };
  const zstd = kind === 'zstd' ? zstdDecompressor() : undefined;
  if (kind === 'zstd' && !zstd) {
    return unanalysed(
      storedSize,
      `Layer ${name} is zstd-compressed and Node ${process.version} cannot decompress zstd (Node 22.15+ can): its files were not analysed.`,
    );
  }
  if (kind === 'tar') {
    await feed(bytes);
  } else {
    const decompress = kind === 'gzip' ? zlib.createGunzip() : (zstd as ZstdFactory)();
    try {
      await pipeline(Readable.from(bytes, { objectMode: false }), decompress, feed);
    } catch (error) {
      // The archive reader passes over what is left of `bytes` and goes on with the next member.
      await sink.finish();
      return unanalysed(
        storedSize,
        `Layer ${name} could not be decompressed (${(error as Error).message}): its files were not analysed.`,
      );
    }
  }
  const result = await sink.finish();
  return {
    diffId: result.diffId,
    record: result.record,
    compressedSize: estimator ? result.estimatedSize : storedSize,
    compressedSizeEstimated: estimator !== undefined,
    notes: result.error
      ? [`Layer ${name} is not a readable tar (${result.error}): its files were not analysed.`]
      : [],
  };
}

/** A layer whose files could not be read: only its stored size is known, and why is said. */
function unanalysed(storedSize: number, note: string): LayerScan {
  return {
    diffId: null,
    record: null,
    compressedSize: storedSize,
    compressedSizeEstimated: false,
    notes: [note],
  };
}

/** Takes the uncompressed layer tar: hash, size estimate and header records, with backpressure. */
class TarSink {
  /** Undefined when the diff ID is known already. */
  private readonly hash: Hash | undefined;
  private readonly builder: LayerRecordBuilder;
  private readonly walker: TarHeaderWalker;

  constructor(
    globs: readonly string[],
    private readonly estimator: GzipSizeEstimator | undefined,
    private readonly knownDiffId: string | undefined,
  ) {
    this.hash = knownDiffId ? undefined : createHash('sha256');
    this.builder = new LayerRecordBuilder(globs);
    this.walker = new TarHeaderWalker((header) => this.builder.add(header));
  }

  async write(chunk: Uint8Array): Promise<void> {
    this.hash?.update(chunk);
    this.walker.write(chunk);
    if (this.estimator) await this.estimator.write(chunk);
  }

  async finish(): Promise<{
    diffId: string;
    record: LayerRecord | null;
    estimatedSize: number;
    error?: string;
  }> {
    this.walker.end();
    const estimatedSize = this.estimator ? await this.estimator.finish() : 0;
    const error = this.walker.error;
    return {
      diffId: this.hash ? `sha256:${this.hash.digest('hex')}` : (this.knownDiffId as string),
      record: error ? null : this.builder.build(),
      estimatedSize,
      error: error?.message,
    };
  }
}
