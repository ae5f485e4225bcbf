/**
 * The run's reads of the stored reports (git notes): one fetch of the notes ref per repository, and
 * the reads of it that the compare step and the size history make. The pipeline starts the fetch
 * before the head build and the reads it can foresee right after, so the round trip to `origin` and
 * the walks of the notes run beside the build and the measure; the compare step and the size history
 * then take the results. Reads of one repository run one at a time, in the order asked, once its
 * fetch has ended: a read that deepens a shallow clone never races another.
 */
import { fetchNotes, type NotesFetch } from '../git/notes.js';
import { repositoryRoot } from '../git/worktree.js';
import type { Logger } from '../logger.js';

export class StoredReads {
  private readonly tracked: Promise<unknown>[] = [];
  private readonly roots = new Map<string, Promise<string | undefined>>();
  private readonly repos = new Map<
    string,
    {
      fetch: Promise<NotesFetch>;
      told: boolean;
      queue: Promise<unknown>;
      reads: Map<string, Promise<unknown>>;
    }
  >();

  /** The repository `dir` is in (its top folder), asked of git once per folder in this run. */
  root(dir: string): Promise<string | undefined> {
    let root = this.roots.get(dir);
    if (!root) {
      root = repositoryRoot(dir);
      this.roots.set(dir, root);
    }
    return root;
  }

  /**
   * Waits for the fetch of `origin`'s notes into `repo` (starting it if this run has not); says once
   * when it failed (local notes are still read).
   */
  async fetched(repo: string, log: Logger): Promise<NotesFetch> {
    const run = this.repo(repo);
    const result = await run.fetch;
    if (typeof result === 'object' && !run.told) {
      run.told = true;
      log.info(`Fetching the stored reports (git notes) from origin failed: ${firstLine(result.failed)}`);
    }
    return result;
  }

  /**
   * Runs `read` once per `key` in this run, after `repo`'s fetch and the reads asked before it; a
   * later call with the same key gets the first one's result. Asking early (and not waiting) starts it.
   */
  once<T>(repo: string, key: string, read: () => Promise<T>): Promise<T> {
    const run = this.repo(repo);
    let result = run.reads.get(key) as Promise<T> | undefined;
    if (!result) {
      result = run.queue.then(read);
      run.reads.set(key, result);
      // The next read waits for this one, failed or not; a failure is its asker's to handle.
      run.queue = result.catch(() => undefined);
    }
    return result;
  }

  /** Counts `work` (that asks for reads once it knows its repository) as reading, for `settled`. */
  track(work: Promise<unknown>): void {
    this.tracked.push(work.catch(() => undefined));
  }

  /**
   * Waits for every fetch and read this run started, and for the work it tracks, so that no other git
   * command in the repository races them.
   */
  async settled(): Promise<void> {
    await Promise.all(this.tracked);
    await Promise.all([...this.repos.values()].map((run) => run.queue));
  }

  private repo(repo: string) {
    let run = this.repos.get(repo);
    if (!run) {
      const fetch = fetchNotes(repo).catch((error: unknown): NotesFetch => ({ failed: String(error) }));
      run = { fetch, told: false, queue: fetch, reads: new Map() };
      this.repos.set(repo, run);
    }
    return run;
  }
}

/**
 * The first line of a git message, with any credentials in a remote URL (`https://user:token@host`)
 * hidden: the line is logged, and a remote may carry a token.
 */
export function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? text;
  return line.replace(/(\w+:\/\/)[^\s/@]+@/g, '$1***@');
}
