/**
 * One fetch of the stored reports (git notes) per run and repository, started early: the pipeline
 * starts it before the head build, so the network round trip to `origin` overlaps the build and the
 * measure; the stored baseline and the size history then read the same result, and a failed fetch is
 * one log line, however many readers there are.
 */
import { fetchNotes, type NotesFetch } from '../git/notes.js';
import type { Logger } from '../logger.js';

export class NotesFetches {
  private readonly runs = new Map<string, { result: Promise<NotesFetch>; told: boolean }>();

  /** Starts fetching `origin`'s notes into `repo`, unless this run has already. Never rejects. */
  start(repo: string): void {
    this.run(repo);
  }

  /** Waits for the fetch (starting it if needed); says once when it failed (local notes are still read). */
  async fetched(repo: string, log: Logger): Promise<NotesFetch> {
    const run = this.run(repo);
    const result = await run.result;
    if (typeof result === 'object' && !run.told) {
      run.told = true;
      log.info(`Fetching the stored reports (git notes) from origin failed: ${firstLine(result.failed)}`);
    }
    return result;
  }

  /** Waits for every fetch this run started, so that no other git command in the repository races it. */
  async settled(): Promise<void> {
    await Promise.all([...this.runs.values()].map((run) => run.result));
  }

  private run(repo: string): { result: Promise<NotesFetch>; told: boolean } {
    let run = this.runs.get(repo);
    if (!run) {
      run = { result: fetchNotes(repo).catch((error: unknown) => ({ failed: String(error) })), told: false };
      this.runs.set(repo, run);
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
