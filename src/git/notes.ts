/**
 * Git notes under `refs/notes/docker-diet`: where measurements are kept per commit so that a pull
 * request can compare with its base commit without building it. Reading, writing and sharing the
 * notes with `origin` (fetch, merge-and-push with retries) happen here; what a note holds is decided
 * by `src/compare/stored.ts`.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GitError, runGit } from './git.js';

/** The notes ref docker-diet keeps its measurements in. */
export const NOTES_REF = 'refs/notes/docker-diet';

/** The remote notes are shared through. */
const REMOTE = 'origin';

/** Result of fetching the notes ref from `origin`. */
export type NotesFetch = 'fetched' | 'absent' | 'no-remote' | { failed: string };

/** True when the repository has an `origin` remote. */
export async function hasOrigin(repo: string): Promise<boolean> {
  try {
    await runGit(['remote', 'get-url', REMOTE], repo);
    return true;
  } catch {
    return false;
  }
}

/**
 * Fetches `origin`'s notes ref into `localRef` (replacing it: `origin` is the truth). Says `absent`
 * when `origin` has no notes yet, and why it failed otherwise; never throws.
 */
export async function fetchNotes(repo: string, localRef: string = NOTES_REF): Promise<NotesFetch> {
  if (!(await hasOrigin(repo))) return 'no-remote';
  try {
    await runGit(['fetch', '--no-tags', '--no-write-fetch-head', REMOTE, `+${NOTES_REF}:${localRef}`], repo);
    return 'fetched';
  } catch (error) {
    const stderr = error instanceof GitError ? error.stderr : String(error);
    if (/couldn't find remote ref/i.test(stderr)) return 'absent';
    return { failed: stderr };
  }
}

/** The note on `sha` in `ref`, or undefined when there is none. */
export async function readNote(
  repo: string,
  sha: string,
  ref: string = NOTES_REF,
): Promise<string | undefined> {
  try {
    return await runGit(['notes', `--ref=${ref}`, 'show', sha], repo);
  } catch {
    return undefined;
  }
}

/** The commits that carry a note in `ref` (full SHAs). */
export async function annotatedCommits(repo: string, ref: string = NOTES_REF): Promise<Set<string>> {
  try {
    const out = await runGit(['notes', `--ref=${ref}`, 'list'], repo);
    return new Set(
      out
        .split('\n')
        .map((line) => line.trim().split(/\s+/)[1])
        .filter((sha): sha is string => Boolean(sha)),
    );
  } catch {
    return new Set();
  }
}

/**
 * Sets the note on `sha` in `ref` to `text`, byte for byte (stored as a blob first, so git does not
 * reformat it).
 */
export async function writeNote(
  repo: string,
  sha: string,
  text: string,
  ref: string = NOTES_REF,
): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'docker-diet-note-'));
  try {
    const file = path.join(dir, 'note.json');
    await fs.writeFile(file, text);
    const blob = (await runGit(['hash-object', '-w', file], repo)).trim();
    await runGit(
      [
        '-c',
        'user.name=docker-diet',
        '-c',
        'user.email=docker-diet@users.noreply.github.com',
        'notes',
        `--ref=${ref}`,
        'add',
        '-f',
        '-C',
        blob,
        sha,
      ],
      repo,
    );
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** How `updateSharedNote` retries a push that `origin` rejected because another writer came first. */
export interface RetryPolicy {
  /** Attempts in all (the first included). */
  attempts: number;
  /** Wait before attempt n (n ≥ 2) is a random time in [0, min(baseDelayMs · 2^(n−2), MAX_DELAY_MS)). */
  baseDelayMs: number;
}

/** The longest wait between two attempts. */
const MAX_DELAY_MS = 8000;

/** Default: eight attempts, waits up to 0.5, 1, 2, 4, 8, 8 and 8 seconds (a matrix finishing at once). */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 8, baseDelayMs: 500 };

/** What became of a shared note update. */
export type NoteUpdate =
  | { status: 'pushed'; attempts: number }
  | { status: 'local'; reason: string }
  | { status: 'failed'; reason: string; attempts: number };

/**
 * Updates the note on `sha` so that several writers (a matrix of jobs) can each add their part: fetch
 * `origin`'s notes, `merge` the current note into the new one, push; when the push is rejected because
 * another writer pushed first, fetch again and redo the merge, up to `retry.attempts` times with random
 * waits. Works in a private ref, so writers sharing a clone do not disturb each other; `NOTES_REF`
 * takes the pushed result. Without an `origin`, only the local notes are updated. Never throws for a
 * push that fails (a read-only token): it says why.
 * @param merge the new note text, from the current one (undefined when the commit has none yet)
 */
export async function updateSharedNote(
  repo: string,
  sha: string,
  merge: (current: string | undefined) => string,
  retry: RetryPolicy = DEFAULT_RETRY,
): Promise<NoteUpdate> {
  if (!(await hasOrigin(repo))) {
    await writeNote(repo, sha, merge(await readNote(repo, sha)));
    return { status: 'local', reason: 'the repository has no origin remote' };
  }
  const work = `${NOTES_REF}-${process.pid}-${randomBytes(4).toString('hex')}`;
  let lastReason = '';
  try {
    for (let attempt = 1; attempt <= retry.attempts; attempt++) {
      if (attempt > 1)
        await sleep(Math.random() * Math.min(retry.baseDelayMs * 2 ** (attempt - 2), MAX_DELAY_MS));
      const fetched = await fetchNotes(repo, work);
      if (typeof fetched === 'object') return { status: 'failed', reason: fetched.failed, attempts: attempt };
      if (fetched === 'absent') await runGit(['update-ref', '-d', work], repo).catch(() => undefined);
      await writeNote(repo, sha, merge(await readNote(repo, sha, work)), work);
      try {
        await runGit(['push', '--no-verify', REMOTE, `${work}:${NOTES_REF}`], repo);
      } catch (error) {
        lastReason = error instanceof GitError ? error.stderr : String(error);
        if (isRaceRejection(lastReason)) continue;
        return { status: 'failed', reason: lastReason, attempts: attempt };
      }
      const tip = (await runGit(['rev-parse', work], repo)).trim();
      await runGit(['update-ref', NOTES_REF, tip], repo).catch(() => undefined);
      return { status: 'pushed', attempts: attempt };
    }
    return {
      status: 'failed',
      reason: `still rejected after ${retry.attempts} attempts: ${lastReason}`,
      attempts: retry.attempts,
    };
  } finally {
    await runGit(['update-ref', '-d', work], repo).catch(() => undefined);
  }
}

/** A push refused because the remote ref moved (another writer), not for lack of rights. */
function isRaceRejection(stderr: string): boolean {
  return /\[rejected\]|fetch first|non-fast-forward|\[remote rejected\].*(cannot lock|failed to update|incorrect old value)|failed to lock/i.test(
    stderr,
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** True when the repository is a shallow clone. */
export async function isShallow(repo: string): Promise<boolean> {
  try {
    return (await runGit(['rev-parse', '--is-shallow-repository'], repo)).trim() === 'true';
  } catch {
    return false;
  }
}

/**
 * `sha` and up to `count` of its first-parent ancestors, nearest first. What the checkout lacks is
 * fetched from `origin`: in a shallow clone no more than the `count + 1` commits needed, in a full
 * clone the missing commit with its history. A failed fetch walks what is there.
 */
export async function firstParentChain(repo: string, sha: string, count: number): Promise<string[]> {
  const walk = async (): Promise<string[]> => {
    try {
      const out = await runGit(['rev-list', '--first-parent', `--max-count=${count + 1}`, sha], repo);
      return out.split('\n').filter(Boolean);
    } catch {
      return [];
    }
  };
  let chain = await walk();
  if (chain.length >= count + 1 || !(await hasOrigin(repo))) return chain;
  const shallow = await isShallow(repo);
  if (!shallow && chain.length > 0) return chain; // the whole history is here: it is just short
  const depth = shallow ? [`--depth=${count + 1}`] : [];
  await runGit(['fetch', '--no-tags', '--no-write-fetch-head', ...depth, REMOTE, sha], repo).catch(
    () => undefined,
  );
  chain = await walk();
  return chain;
}

/** The text of `file` (relative to the repository root) at `sha`, or undefined when absent. */
export async function fileAtCommit(repo: string, sha: string, file: string): Promise<string | undefined> {
  try {
    return await runGit(['show', `${sha}:${file.split(path.sep).join('/')}`], repo);
  } catch {
    return undefined;
  }
}

/**
 * The tracked files under `paths` (absolute, or relative to `repo`) that differ from HEAD, staged or
 * not; untracked files are not counted (build steps leave those). Empty when everything is committed.
 */
export async function changedTrackedFiles(repo: string, paths: string[]): Promise<string[]> {
  const out = await runGit(['status', '--porcelain', '--untracked-files=no', '--', ...paths], repo);
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => line.slice(3));
}

/** A commit on a first-parent walk, with its note in `NOTES_REF` when it has one. */
export interface NotedCommit {
  /** Full SHA. */
  sha: string;
  /** ISO 8601 committer date. */
  date: string;
  /** The note's text; undefined when the commit has none. */
  note?: string;
}

/**
 * `count` commits of the first-parent history of `sha`, nearest first, after skipping `skip` of
 * them, each with its note: one `git log` for a page of the walk. Only what the checkout holds is
 * walked (a shallow clone ends at its boundary); nothing is fetched. Empty when `sha` is not here.
 */
export async function notedFirstParentPage(
  repo: string,
  sha: string,
  skip: number,
  count: number,
): Promise<NotedCommit[]> {
  let out: string;
  try {
    out = await runGit(
      [
        '-c',
        'log.showSignature=false',
        'log',
        '--first-parent',
        // Only docker-diet's notes: not refs/notes/commits nor a configured notes.displayRef.
        '--no-notes',
        `--notes=${NOTES_REF}`,
        `--skip=${skip}`,
        `--max-count=${count}`,
        // Fields end with NUL and records with RS: a note's JSON escapes both, and a commit has no other text here.
        '--format=%H%x00%cI%x00%N%x1e',
        sha,
        '--',
      ],
      repo,
    );
  } catch {
    return [];
  }
  return out.split('\x1e').flatMap((record) => {
    const [hash, date, note] = record.replace(/^\n/, '').split('\x00');
    if (!hash || !date) return [];
    return [{ sha: hash, date, ...(note?.trim() ? { note } : {}) }];
  });
}
