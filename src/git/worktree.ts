/**
 * The base commit as a folder to build from: resolved, fetched when the checkout is shallow and
 * lacks it, and checked out into a temporary `git worktree` that is always removed afterwards.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GitError } from './git.js';
import { runGit } from './git.js';

/** A checked-out base commit. */
export interface BaseCheckout {
  /** Folder of the worktree (the repository root at that commit). */
  dir: string;
  /** Full SHA checked out. */
  sha: string;
}

/** The repository root containing `dir`, or undefined outside a repository. */
export async function repositoryRoot(dir: string): Promise<string | undefined> {
  try {
    return (await runGit(['rev-parse', '--show-toplevel'], dir)).trim();
  } catch {
    return undefined;
  }
}

/** The full SHA `ref` names, or undefined when it names no commit here. */
export async function resolveCommit(repo: string, ref: string): Promise<string | undefined> {
  try {
    return (await runGit(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], repo)).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Makes sure `ref` is available, fetching it from `origin` when the checkout lacks it (Actions
 * checkouts are shallow by default). Returns the full SHA, or undefined when it cannot be had.
 */
export async function ensureCommit(
  repo: string,
  ref: string,
  log: (message: string) => void = () => undefined,
): Promise<string | undefined> {
  const known = await resolveCommit(repo, ref);
  if (known) return known;
  log(`The base commit ${ref} is not in this checkout; fetching it from origin.`);
  try {
    await runGit(['fetch', '--no-tags', '--depth=1', 'origin', ref], repo);
  } catch (error) {
    log(`Fetching ${ref} failed: ${(error as GitError).stderr || (error as Error).message}`);
    return undefined;
  }
  return (await resolveCommit(repo, ref)) ?? (await resolveCommit(repo, 'FETCH_HEAD'));
}

/** True when `file` (relative to the repository root) exists at `sha`. */
export async function existsAtCommit(repo: string, sha: string, file: string): Promise<boolean> {
  try {
    await runGit(['cat-file', '-e', `${sha}:${file.split(path.sep).join('/')}`], repo);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `fn` with `sha` checked out in a temporary worktree, and removes the worktree afterwards,
 * also when `fn` throws.
 */
export async function withWorktree<T>(
  repo: string,
  sha: string,
  fn: (checkout: BaseCheckout) => Promise<T>,
): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'docker-diet-base-'));
  await runGit(['worktree', 'add', '--detach', '--force', dir, sha], repo);
  try {
    return await fn({ dir, sha });
  } finally {
    await runGit(['worktree', 'remove', '--force', dir], repo).catch(() => undefined);
    await fs.rm(dir, { recursive: true, force: true });
    await runGit(['worktree', 'prune'], repo).catch(() => undefined);
  }
}
