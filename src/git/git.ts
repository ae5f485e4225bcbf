/**
 * The one place that runs git. Everything else asks through these functions, so tests and the
 * action share one way of calling it and one way of reporting its failures.
 */
import { execFile } from 'node:child_process';

/** git exited with an error, or could not be started. */
export class GitError extends Error {
  /** The arguments git was run with, for the message. */
  readonly args: readonly string[];
  /** What git wrote to stderr (trimmed), if anything. */
  readonly stderr: string;

  constructor(args: readonly string[], stderr: string, cause?: unknown) {
    super(`git ${args.join(' ')} failed${stderr ? `: ${stderr}` : ''}`, { cause });
    this.name = 'GitError';
    this.args = args;
    this.stderr = stderr;
  }
}

/** Output large enough for `ls-files` of a big monorepo (the default 1 MiB is not). */
const MAX_BUFFER = 256 * 1024 * 1024;

/**
 * Runs `git <args>` in `cwd` and resolves with its stdout. Rejects with a `GitError` when git is
 * missing or exits non-zero (not a repository, a "dubious ownership" refusal, a bad ref…).
 */
export function runGit(args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      [...args],
      // Never prompt (credentials, pager): a lint run must not hang waiting for a terminal.
      { cwd, maxBuffer: MAX_BUFFER, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } },
      (error, stdout, stderr) => {
        if (error) reject(new GitError(args, String(stderr ?? '').trim() || error.message, error));
        else resolve(stdout);
      },
    );
  });
}
