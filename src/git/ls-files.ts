/**
 * Lists the files git knows in a directory: tracked ones plus new files that are not ignored, so a
 * Dockerfile created but not yet committed is linted locally while `.gitignore`d build output is not.
 */
import { runGit } from './git.js';

/**
 * Paths (relative to `cwd`, forward slashes) of the files git tracks under `cwd`, plus untracked
 * files that `.gitignore` does not exclude. Resolves `undefined` when `cwd` is not inside a git
 * work tree or git cannot run, so the caller can fall back to walking the directory.
 */
export async function listGitFiles(cwd: string): Promise<string[] | undefined> {
  try {
    // -z: NUL-separated, so names with spaces, quotes or non-ASCII come back unquoted.
    const out = await runGit(['ls-files', '-z', '--cached', '--others', '--exclude-standard'], cwd);
    return [...new Set(out.split('\0').filter((p) => p !== ''))];
  } catch {
    return undefined;
  }
}
