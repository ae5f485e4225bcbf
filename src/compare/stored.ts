/**
 * Stored baselines: a run with `store` keeps a compact copy of each measured image (sizes, layers,
 * the Dockerfile's findings) in git notes on its commit; a pull request's run finds the entry of its
 * base commit (or of the nearest first-parent ancestor that has one) and compares with it without
 * building anything. This file decides what an entry holds, how it is written into a note shared
 * by several writers, and how it is read back and checked.
 */
import {
  NOTES_REF,
  annotatedCommits,
  changedTrackedFiles,
  firstParentChain,
  readNote,
  updateSharedNote,
  type NoteUpdate,
  type RetryPolicy,
} from '../git/notes.js';
import { repositoryRoot, resolveCommit } from '../git/worktree.js';
import type { Logger } from '../logger.js';
import { StoredReads, firstLine } from './stored-reads.js';
import type { Finding, InstructionRef, Layer, Measurement, Report } from '../report/model.js';

/** Version of the stored entry's shape; an entry with a higher one is refused, not guessed at. */
export const STORED_SCHEMA_VERSION = 1 as const;

/** How many first-parent ancestors of the base commit are searched for an entry. */
export const MAX_ANCESTORS = 20;

/** One layer as stored. */
export interface StoredLayer {
  diffId: string | null;
  size: number;
  compressedSize: number | null;
  /** True when `compressedSize` is the registry's blob size; absent in entries stored before it existed. */
  compressedSizeExact?: boolean;
  createdBy: string;
  /** The instruction's line and text (the file is the entry's `dockerfile`); null for base layers. */
  instruction: { line: number; text: string } | null;
  fromBase: boolean;
  wastedBytes: number | null;
}

/** What is kept for one image on one commit. */
export interface StoredEntry {
  schemaVersion: typeof STORED_SCHEMA_VERSION;
  tool: { name: 'docker-diet'; version: string };
  /** The commit that was measured. */
  commit: string;
  /** ISO 8601 time of the measurement. */
  measuredAt: string;
  image: string;
  /** Dockerfile path relative to the workspace, as in the report. */
  dockerfile: string;
  target: string | null;
  imageId: string;
  /** Bytes as `Measurement.size`: what it counts depends on `imageStore`. */
  size: number;
  /**
   * The engine's image store when measured; absent in entries stored before it was recorded (those
   * are of an unknown store, and not charted with a measured head).
   */
  imageStore?: 'graphdriver' | 'containerd';
  /** The image's platform (`os/arch[/variant]`); absent in entries stored before it was recorded. */
  platform?: string;
  compressedSize: number | null;
  compressedSizeEstimated: boolean;
  wastedBytes: number | null;
  layers: StoredLayer[];
  /** The findings of this image's Dockerfile. */
  findings: Finding[];
}

/** A note: one entry per image name. */
export type StoredNote = Record<string, StoredEntry>;

/**
 * The entries of a (redacted) report for `commit`: one per measured image. Only the report's own
 * fields are copied, so what is stored is exactly as redacted as the report.
 */
export function storedEntries(report: Report, commit: string): StoredEntry[] {
  return report.images.flatMap((image) => {
    const head = image.head;
    if (!head) return [];
    return [
      {
        schemaVersion: STORED_SCHEMA_VERSION,
        tool: report.tool,
        commit,
        measuredAt: report.generatedAt,
        image: image.name,
        dockerfile: image.dockerfile,
        target: image.target,
        imageId: head.imageId,
        size: head.size,
        ...(head.imageStore ? { imageStore: head.imageStore } : {}),
        ...(head.platform ? { platform: head.platform } : {}),
        compressedSize: head.compressedSize,
        compressedSizeEstimated: head.compressedSizeEstimated,
        wastedBytes: head.wastedBytes,
        layers: head.layers.map((layer) => ({
          diffId: layer.diffId,
          size: layer.size,
          compressedSize: layer.compressedSize,
          compressedSizeExact: layer.compressedSizeExact,
          createdBy: layer.createdBy,
          instruction: layer.instruction && { line: layer.instruction.line, text: layer.instruction.text },
          fromBase: layer.fromBase,
          wastedBytes: layer.wastedBytes,
        })),
        findings: report.findings.filter((finding) => finding.file === image.dockerfile),
      },
    ];
  });
}

/** The note text with `entries` put in (replacing entries of the same image names, keeping others). */
export function mergeIntoNote(current: string | undefined, entries: StoredEntry[]): string {
  let note: Record<string, unknown> = {};
  if (current) {
    try {
      const parsed: unknown = JSON.parse(current);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        note = parsed as Record<string, unknown>;
    } catch {
      // Not ours (or damaged): replaced.
    }
  }
  for (const entry of entries) note[entry.image] = entry;
  return `${JSON.stringify(note)}\n`;
}

/** Where and how a run stores its entries. */
export interface StoreOptions {
  /** The commit to store on; HEAD of the repository by default. */
  commit?: string;
  /** Retry policy for rejected pushes (tests shorten it). */
  retry?: RetryPolicy;
  /**
   * Paths (the Dockerfile, the context) that must have no uncommitted changes to tracked files: what
   * was measured must be what the commit holds. Checked only when given.
   */
  mustBeCommitted?: string[];
}

/**
 * Stores the report's entries in the notes of the commit and pushes them to `origin`. Never throws:
 * a failure (read-only token, no repository) is one warning and the run goes on.
 * @param dir a directory inside the repository (the build context)
 */
export async function storeReport(
  report: Report,
  dir: string,
  log: Logger,
  options: StoreOptions = {},
): Promise<NoteUpdate | undefined> {
  const warn = (why: string): undefined => {
    log.warning(`The measurement was not stored in git notes: ${why}`);
    return undefined;
  };
  try {
    const repo = await repositoryRoot(dir);
    if (!repo) return warn(`${dir} is not in a git repository.`);
    const commit = await resolveCommit(repo, options.commit ?? 'HEAD');
    if (!commit) return warn(`the commit ${options.commit ?? 'HEAD'} is not in this checkout.`);
    const entries = storedEntries(report, commit);
    if (entries.length === 0) return warn('nothing was measured.');
    if (options.mustBeCommitted) {
      const changed = await changedTrackedFiles(repo, options.mustBeCommitted);
      if (changed.length > 0)
        return warn(
          `${changed.slice(0, 3).join(', ')}${changed.length > 3 ? ', …' : ''} ha${changed.length === 1 ? 's' : 've'} ` +
            `uncommitted changes, so the image is not what ${commit.slice(0, 12)} holds. Commit first.`,
        );
    }
    const update = await updateSharedNote(
      repo,
      commit,
      (current) => mergeIntoNote(current, entries),
      options.retry,
    );
    const names = entries.map((entry) => entry.image).join(', ');
    if (update.status === 'pushed')
      log.info(
        `Stored the measurement of ${names} in git notes on ${commit.slice(0, 12)} and pushed them to origin.`,
      );
    else if (update.status === 'local')
      log.info(
        `Stored the measurement of ${names} in git notes on ${commit.slice(0, 12)} (${update.reason}: not pushed).`,
      );
    else
      warn(
        `pushing ${NOTES_REF} to origin failed (${firstLine(update.reason)}). ` +
          'The action needs `permissions: contents: write` on the job that stores.',
      );
    return update;
  } catch (error) {
    return warn(error instanceof Error ? firstLine(error.message) : String(error));
  }
}

/** A stored baseline found for an image. */
export interface FoundBaseline {
  entry: StoredEntry;
  /** The commit the entry is on. */
  commit: string;
  /** How many first-parent steps from the base commit (0: the base commit itself). */
  distance: number;
}

/** Why no stored baseline was used. */
export type StoredLookup = { found: FoundBaseline } | { missing: string } | { refused: string };

/**
 * Looks for the stored entry of `image` on `baseSha` or, failing that, the nearest of its first
 * `MAX_ANCESTORS` first-parent ancestors. Fetches the notes from `origin` first (a failure is logged;
 * local notes are still read); deepens a shallow clone only when the base commit has no entry.
 */
export async function findStoredBaseline(
  repo: string,
  baseSha: string,
  image: string,
  log: Logger,
  reads: StoredReads = new StoredReads(),
): Promise<StoredLookup> {
  await reads.fetched(repo, log);
  return readStoredBaseline(reads, repo, baseSha, image);
}

/**
 * The lookup of `findStoredBaseline`, once per run: the pipeline asks for it before the head is
 * built (it needs nothing of the head), so it runs beside the build; the compare step gets its result.
 */
export function readStoredBaseline(
  reads: StoredReads,
  repo: string,
  baseSha: string,
  image: string,
): Promise<StoredLookup> {
  return reads.once(repo, `stored ${baseSha} ${image}`, async () => {
    const annotated = await annotatedCommits(repo);
    if (annotated.size === 0) return { missing: 'no stored reports (git notes) in this repository' };

    const tryCommit = async (sha: string, distance: number): Promise<StoredLookup | undefined> => {
      if (!annotated.has(sha)) return undefined;
      const text = await readNote(repo, sha);
      const parsed = parseEntry(text, image);
      if (parsed === undefined) return undefined;
      if (typeof parsed === 'string')
        return { refused: `the stored report of ${sha.slice(0, 12)} ${parsed}` };
      return { found: { entry: parsed, commit: sha, distance } };
    };
    const own = await tryCommit(baseSha, 0);
    if (own) return own;
    const chain = await firstParentChain(repo, baseSha, MAX_ANCESTORS);
    for (const [distance, sha] of chain.entries()) {
      if (distance === 0) continue;
      const found = await tryCommit(sha, distance);
      if (found) return found;
    }
    return {
      missing: `no stored report for ${image} on ${baseSha.slice(0, 12)} or its ${MAX_ANCESTORS} nearest first-parent ancestors`,
    };
  });
}

/**
 * The entry for `image` in a note: undefined when the note has none, a reason (`is …`) when it is
 * refused (a newer or unknown schema, a damaged entry), else the entry.
 */
export function parseEntry(text: string | undefined, image: string): StoredEntry | string | undefined {
  const note = parseNote(text);
  if (note === undefined || typeof note === 'string') return note;
  return note[image];
}

/**
 * Every entry of a note, by image name: each the entry or why it is refused (as `parseEntry`);
 * undefined for no note, a reason when the note as a whole is not one of docker-diet's.
 */
export function parseNote(
  text: string | undefined,
): Record<string, StoredEntry | string> | string | undefined {
  if (!text) return undefined;
  let note: unknown;
  try {
    note = JSON.parse(text);
  } catch {
    return 'is not valid JSON';
  }
  if (!note || typeof note !== 'object' || Array.isArray(note)) return 'is not a docker-diet note';
  // No prototype: an image named `__proto__` or `constructor` is only a key.
  const entries: Record<string, StoredEntry | string> = Object.create(null) as Record<
    string,
    StoredEntry | string
  >;
  for (const [image, entry] of Object.entries(note as Record<string, unknown>))
    entries[image] = checkEntry(entry, image);
  return entries;
}

function checkEntry(entry: unknown, image: string): StoredEntry | string {
  if (!entry || typeof entry !== 'object') return `has a damaged entry for ${image}`;
  const version = (entry as { schemaVersion?: unknown }).schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    return `has an unknown schema version (${JSON.stringify(version)}) for ${image}`;
  if (version > STORED_SCHEMA_VERSION)
    return `has schema version ${version}, newer than this docker-diet reads (${STORED_SCHEMA_VERSION}): upgrade docker-diet`;
  if (!isEntry(entry)) return `has a damaged entry for ${image}`;
  return entry;
}

function isEntry(value: object): value is StoredEntry {
  const entry = value as Partial<StoredEntry>;
  return (
    typeof entry.size === 'number' &&
    typeof entry.dockerfile === 'string' &&
    typeof entry.imageId === 'string' &&
    Array.isArray(entry.layers) &&
    entry.layers.every((l) => l && typeof l.size === 'number' && typeof l.fromBase === 'boolean')
  );
}

/** The measurement a stored entry stands for, comparable with a measured head. */
export function storedMeasurement(entry: StoredEntry): Measurement {
  const layers: Layer[] = entry.layers.map((layer, index) => ({
    index,
    diffId: layer.diffId,
    size: layer.size,
    compressedSize: layer.compressedSize,
    compressedSizeExact:
      layer.compressedSizeExact ?? (!entry.compressedSizeEstimated && layer.compressedSize !== null),
    createdBy: layer.createdBy,
    instruction:
      layer.instruction && ({ file: entry.dockerfile, ...layer.instruction } satisfies InstructionRef),
    fromBase: layer.fromBase,
    wastedBytes: layer.wastedBytes,
  }));
  return {
    imageId: entry.imageId,
    size: entry.size,
    ...(entry.imageStore ? { imageStore: entry.imageStore } : {}),
    ...(entry.platform ? { platform: entry.platform } : {}),
    compressedSize: entry.compressedSize,
    compressedSizeEstimated: entry.compressedSizeEstimated,
    layers,
    wastedBytes: entry.wastedBytes,
    wastedPaths: [],
    leftoverCaches: [],
    notes: [],
  };
}
