/**
 * The image config JSON (`docker save`'s `<id>.json` or config blob) reduced to what measuring needs.
 */
import { environmentError } from '../errors.js';
import type { HistoryEntry, ImageConfig } from './types.js';

/** Reads `history` and `rootfs.diff_ids`; throws a DietError when `json` is not an image config. */
export function parseImageConfig(json: unknown, source: string): ImageConfig {
  const config = json as { history?: unknown; rootfs?: { diff_ids?: unknown } } | null;
  const diffIds = config?.rootfs?.diff_ids;
  if (!Array.isArray(diffIds) || !diffIds.every((id) => typeof id === 'string')) {
    throw environmentError(`${source} in the image archive is not an image config (no rootfs.diff_ids).`);
  }
  const history = Array.isArray(config?.history) ? config.history : [];
  return { history: history.map(toHistoryEntry), diffIds: diffIds as string[] };
}

function toHistoryEntry(raw: unknown): HistoryEntry {
  const value = (raw ?? {}) as Record<string, unknown>;
  const entry: HistoryEntry = {};
  if (typeof value.created_by === 'string') entry.created_by = value.created_by;
  if (typeof value.created === 'string') entry.created = value.created;
  if (typeof value.comment === 'string') entry.comment = value.comment;
  if (value.empty_layer === true) entry.empty_layer = true;
  return entry;
}
