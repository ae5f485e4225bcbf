/**
 * Contracts between the measuring parts: the archive analysis (one pass over `docker save`), the
 * history mapping (history entries → Dockerfile instructions) and the measure stage that joins them
 * into the report's `Measurement`.
 */
import type { InstructionRef } from '../report/model.js';

/** The parts of an image config (`docker save`'s config JSON) that measuring needs. */
export interface ImageConfig {
  /** `history[]`, oldest first; entries with `empty_layer` made no filesystem layer. */
  history: HistoryEntry[];
  /** `rootfs.diff_ids`, oldest first: one per non-empty history entry. */
  diffIds: string[];
}

/** One `history[]` entry of an image config. */
export interface HistoryEntry {
  created_by?: string;
  created?: string;
  comment?: string;
  empty_layer?: boolean;
}

/** What one pass over a layer tar found. */
export interface LayerAnalysis {
  /** `sha256:` of the uncompressed layer tar, checked against the config's diff_ids. */
  diffId: string;
  /** Bytes of file content added by this layer (regular files; what the layer stores). */
  size: number;
  /**
   * Pull size of the layer: exact when the archive stored it compressed, or stored it as the engine's
   * containerd image store pushes it; else the estimated gzip size of the tar.
   */
  compressedSize: number;
  /** True when `compressedSize` is an estimate (an uncompressed tar from a graphdriver store). */
  compressedSizeEstimated: boolean;
  /** Bytes of this layer's files that later layers delete or overwrite (each copy counted once). */
  wastedBytes: number;
  filesAdded: number;
  filesOverwritten: number;
  filesDeleted: number;
  /** Bytes of this layer's files matching each requested glob (`pathGlobs` option), keyed by glob. */
  globBytes: Record<string, number>;
}

/** A package cache or temp folder left in the final filesystem. */
export interface LeftoverCache {
  /** What it is, e.g. `apt lists`, `pip cache`. */
  kind: string;
  /** The folder, e.g. `/var/lib/apt/lists`. */
  path: string;
  bytes: number;
  /** Index (in `layers`) of the layer holding most of the bytes. */
  layerIndex: number;
}

/** Everything the archive pass found. */
export interface ArchiveAnalysis {
  config: ImageConfig;
  /** One per diff_id, oldest first. */
  layers: LayerAnalysis[];
  /** Sum of the layers' `wastedBytes`. */
  wastedBytes: number;
  /** Directories holding the most wasted bytes, largest first (top 20). */
  wastedPaths: { path: string; bytes: number }[];
  leftoverCaches: LeftoverCache[];
  /** Notes for the report, e.g. a zstd layer that Node cannot decompress. */
  notes: string[];
}

/** One history entry mapped to where it came from. */
export interface MappedHistoryEntry {
  /** Position in `config.history`. */
  index: number;
  createdBy: string;
  /** null when the entry made no filesystem layer (`empty_layer`). */
  diffId: string | null;
  /** True for entries that belong to the base image of the final stage's FROM chain. */
  fromBase: boolean;
  /** The Dockerfile instruction that made it; null for base entries or when it cannot be told. */
  instruction: InstructionRef | null;
}
