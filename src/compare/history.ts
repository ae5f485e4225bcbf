/**
 * Size history: the measurements that runs with `store` kept in git notes, read back along the first-
 * parent history of a commit (a merged branch's own commits are not the base branch's history). Reads
 * only git: no engine. Used by the pipeline (the trend next to a pull request's head) and by
 * `docker-diet history`.
 */
import { annotatedCommits, isShallow, notedFirstParentPage } from '../git/notes.js';
import { StoredReads, firstLine } from './stored-reads.js';
import { resolveCommit } from '../git/worktree.js';
import type { Logger } from '../logger.js';
import type { HistoryPoint, ImageReport, Measurement } from '../report/model.js';
import { parseNote, type StoredEntry } from './stored.js';

/** How many commits with a stored measurement of an image the history holds by default. */
export const HISTORY_LIMIT = 30;

/** Commits read per `git log` while walking. */
const PAGE = 500;

/** A stored measurement on the walk, before it is compared with a head. */
export type SeriesPoint = Omit<HistoryPoint, 'comparable'>;

/** What a walk found. */
export interface SizeHistory {
  /** Per image name, oldest first, at most `limit` points each. */
  images: Map<string, SeriesPoint[]>;
  /** First-parent commits looked at (the walk stops once every wanted image has `limit` points). */
  commitsWalked: number;
  /**
   * True when the walk ended at the first commit the checkout holds, with notes on commits it never
   * reached (not at the limit, nor because every commit with a note had been passed).
   */
  exhausted: boolean;
  /** Commits with a note in the notes ref (on any branch); 0 when there are no notes at all. */
  notes: number;
  /** True when the checkout is shallow (so an exhausted walk stopped at its boundary). */
  shallow: boolean;
  /** Entries that could not be read (a newer schema, damaged), as `<commit> <reason>`. */
  refused: string[];
}

/** What to walk. */
export interface HistoryOptions {
  /** Only this image name; every name found when undefined. */
  image?: string;
  /** Points per image (default `HISTORY_LIMIT`). */
  limit?: number;
  /** Leave out the starting commit itself (its measurement is the head's). */
  skipStart?: boolean;
}

/**
 * Walks the first-parent history of `sha` (what the checkout holds; nothing is fetched) and collects
 * the stored measurements: the last `limit` commits with one, per image name.
 */
export async function readSizeHistory(
  repo: string,
  sha: string,
  options: HistoryOptions = {},
): Promise<SizeHistory> {
  const limit = options.limit ?? HISTORY_LIMIT;
  const found = new Map<string, SeriesPoint[]>();
  const refused: string[] = [];
  let walked = 0;
  let exhausted = false;
  const collect = (sha: string, date: string, text: string | undefined): void => {
    const note = parseNote(text);
    if (note === undefined) return;
    if (typeof note === 'string') {
      refused.push(`${sha.slice(0, 12)} ${note}`);
      return;
    }
    const names = options.image === undefined ? Object.keys(note) : [options.image];
    for (const name of names) {
      const entry = note[name];
      if (entry === undefined) continue;
      if (typeof entry === 'string') {
        refused.push(`${sha.slice(0, 12)} ${entry}`);
        continue;
      }
      const points = found.get(name) ?? [];
      if (points.length < limit) points.push(toPoint(entry, sha, date));
      found.set(name, points);
    }
  };
  const full = (): boolean => options.image !== undefined && (found.get(options.image)?.length ?? 0) >= limit;
  // Once every commit with a note has been passed, nothing further back can have one: stop there.
  const unseen = await annotatedCommits(repo);
  const notes = unseen.size;
  // Each page starts at the first parent of the last one's last commit: linear however long the walk.
  let from = sha;
  let first = true;
  while (!full() && unseen.size > 0) {
    const page = await notedFirstParentPage(repo, from, 0, PAGE);
    for (const commit of page) {
      if (full() || unseen.size === 0) break;
      unseen.delete(commit.sha);
      if (first && options.skipStart) {
        first = false;
        continue;
      }
      first = false;
      walked++;
      collect(commit.sha, commit.date, commit.note);
    }
    const last = page.at(-1);
    if (page.length < PAGE || !last) {
      exhausted = !full() && unseen.size > 0;
      break;
    }
    from = `${last.sha}^`;
  }
  for (const points of found.values()) points.reverse();
  return { images: found, commitsWalked: walked, exhausted, notes, shallow: await isShallow(repo), refused };
}

function toPoint(entry: StoredEntry, commit: string, date: string): SeriesPoint {
  const store = entry.imageStore;
  return {
    commit,
    date,
    size: entry.size,
    compressedSize: entry.compressedSize,
    compressedSizeEstimated: entry.compressedSizeEstimated,
    imageStore: store === 'graphdriver' || store === 'containerd' ? store : 'unknown',
    platform: typeof entry.platform === 'string' && entry.platform ? entry.platform : 'unknown',
  };
}

/** True when `point` was measured on `head`'s image store and platform, so the two can share a chart. */
export function comparableWith(point: SeriesPoint, head: Measurement): boolean {
  return (
    point.imageStore !== 'unknown' &&
    point.platform !== 'unknown' &&
    point.imageStore === head.imageStore &&
    point.platform === head.platform
  );
}

/** Where the history of a run's image starts. */
export interface HistoryStart {
  /** The pull request's base commit (a full SHA or a ref); its own measurement is part of the history. */
  baseRef?: string;
  /** Without a base: the run's commit (`GITHUB_SHA`, HEAD by default), whose parents are walked. */
  commit?: string;
  /** The run's reads of the notes: one fetch per repository, shared with the stored baseline. */
  reads?: StoredReads;
}

/**
 * The walk behind `historyForImage`, once per run: the pipeline asks for it before the head is built
 * (it needs nothing of the head), so it runs beside the build and the measure.
 */
export function readImageHistory(
  reads: StoredReads,
  repo: string,
  start: HistoryStart,
  image: string,
): Promise<SizeHistory> {
  const sha = startCommit(start);
  const skipStart = !start.baseRef;
  return reads.once(repo, `history ${sha} ${image} ${skipStart}`, () =>
    readSizeHistory(repo, sha, { image, skipStart }),
  );
}

/**
 * Starts `readImageHistory` early when its start commit is in the checkout already. The walk reads
 * only what the checkout holds, so one started before the compare step fetched a missing base commit
 * (to build it) would miss that commit's stored report.
 */
export async function readImageHistoryEarly(
  reads: StoredReads,
  repo: string,
  start: HistoryStart,
  image: string,
): Promise<void> {
  if (await resolveCommit(repo, startCommit(start))) void readImageHistory(reads, repo, start, image);
}

/** The commit the history is walked from: the base commit, else the run's commit (its own measurement left out). */
function startCommit(start: HistoryStart): string {
  return start.baseRef ?? start.commit ?? 'HEAD';
}

/**
 * The history of a measured image for its report: the stored measurements on the base branch, each
 * marked comparable with the head or not, and a note when a shallow checkout held too little of the
 * history. Nothing outside a git repository. Never throws: a problem is one log line and no history.
 * @param dir a directory inside the repository (the build context)
 */
export async function historyForImage(
  dir: string,
  image: ImageReport,
  start: HistoryStart,
  log: Logger,
): Promise<Pick<ImageReport, 'history' | 'historyNote'>> {
  const head = image.head;
  if (!head) return {};
  try {
    const reads = start.reads ?? new StoredReads();
    const repo = await reads.root(dir);
    if (!repo) return {};
    await reads.fetched(repo, log);
    const sha = startCommit(start);
    const walk = await readImageHistory(reads, repo, start, image.name);
    for (const line of walk.refused) log.info(`Size history: the stored report of ${line}; left out.`);
    const history = (walk.images.get(image.name) ?? []).map((point) => ({
      ...point,
      comparable: comparableWith(point, head),
    }));
    const shallow = walk.shallow && walk.exhausted;
    const short = /^[0-9a-f]{40}$/i.test(sha) ? sha.slice(0, 12) : sha;
    const where = start.baseRef ? `the base commit ${short}` : `the commits before ${short}`;
    const historyNote = shallow
      ? `the checkout is shallow: it holds ${walk.commitsWalked} first-parent commit${walk.commitsWalked === 1 ? '' : 's'} of ` +
        `the history of ${where} (actions/checkout with fetch-depth: 0 fetches all of it)`
      : undefined;
    log.info(
      `Size history of ${image.name}: ${history.length} stored measurement${history.length === 1 ? '' : 's'} on ` +
        `${walk.commitsWalked} first-parent commit${walk.commitsWalked === 1 ? '' : 's'} of ${where}` +
        `${historyNote ? `; ${historyNote}` : ''}.`,
    );
    return { history, ...(historyNote ? { historyNote } : {}) };
  } catch (error) {
    log.info(
      `The size history could not be read: ${firstLine(error instanceof Error ? error.message : String(error))}`,
    );
    return {};
  }
}
