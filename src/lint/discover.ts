/**
 * Which Dockerfiles to lint: the `lint` globs (or the defaults) matched against the files git knows,
 * explicit paths as given, and the Dockerfile being built. Only this module and the git adapter look
 * at the file tree for the lint stage.
 */
import { promises as fs, type Dirent } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { Defaults } from '../constants.js';
import { environmentError } from '../errors.js';
import { listGitFiles } from '../git/ls-files.js';

/**
 * Directories never searched: dependencies and git's own data hold Dockerfiles nobody builds here, and
 * a `.devcontainer` holds an editor's development environment, which ships to no one (its size
 * findings are not worth acting on). Naming such a file in `lint` or `dockerfile` still lints it.
 */
const SKIPPED_DIRS = ['node_modules', '.git', 'vendor', '.devcontainer'];

/** Why a file is linted; explicit paths bypass `ignore-paths`. */
export type DiscoveryReason = 'explicit' | 'glob' | 'built';

/** One Dockerfile to lint. */
export interface DiscoveredDockerfile {
  /** Path relative to the workspace, forward slashes (`../x` when outside it). */
  file: string;
  absolute: string;
  reason: DiscoveryReason;
}

/** What discovery found. */
export interface Discovery {
  /** Sorted by `file`, each once. */
  files: DiscoveredDockerfile[];
  /** Glob patterns that matched nothing, so the caller can warn about a likely typo. */
  unmatched: string[];
}

/** Inputs of discovery. */
export interface DiscoverOptions {
  workspace: string;
  /** Globs and paths (the `lint` input); empty means `Defaults.lintGlobs`. `!glob` excludes. */
  patterns: readonly string[];
  /** Absolute path of the Dockerfile being built; added when it exists. */
  dockerfile?: string;
  /** Globs (workspace-relative) of Dockerfiles not to lint, from the config file. */
  ignorePaths?: readonly string[];
  /** Lists workspace files (relative, forward slashes); git ls-files, else a directory walk. */
  listFiles?: (workspace: string) => Promise<string[]>;
}

/** Finds the Dockerfiles to lint. A path named explicitly that does not exist is an error. */
export async function discoverDockerfiles(options: DiscoverOptions): Promise<Discovery> {
  const { workspace } = options;
  const listFiles = options.listFiles ?? listWorkspaceFiles;
  const found = new Map<string, DiscoveredDockerfile>();
  const add = (absolute: string, reason: DiscoveryReason): void => {
    const file = toRelative(workspace, absolute);
    const known = found.get(file);
    // An explicit mention wins: it is the one reason that bypasses ignore-paths.
    if (!known || reason === 'explicit') found.set(file, { file, absolute, reason });
  };

  const given = options.patterns.map((p) => p.trim()).filter((p) => p !== '');
  const includes = given.filter((p) => !p.startsWith('!'));
  const excludes = given.filter((p) => p.startsWith('!')).map((p) => normalisePattern(workspace, p.slice(1)));
  const globs: string[] = includes.length === 0 ? [...Defaults.lintGlobs] : [];

  for (const pattern of includes) {
    if (picomatch.scan(pattern).isGlob) {
      globs.push(normalisePattern(workspace, pattern));
      continue;
    }
    const absolute = path.resolve(workspace, pattern);
    const stat = await fs.stat(absolute).catch(() => undefined);
    if (!stat) {
      throw environmentError(
        `lint: "${pattern}" does not exist (looked for ${absolute})`,
        'Name an existing Dockerfile or directory, or use a glob such as **/Dockerfile.',
      );
    }
    if (stat.isDirectory()) {
      // A directory stands for the Dockerfiles under it, found with the default globs.
      const base = toRelative(workspace, absolute);
      globs.push(...Defaults.lintGlobs.map((g) => (base === '.' ? g : `${base}/${g}`)));
    } else {
      add(absolute, 'explicit');
    }
  }

  const unmatched: string[] = [];
  if (globs.length > 0) {
    const files = await listFiles(workspace);
    const excluded = picomatch(excludes.length > 0 ? excludes : ['\0'], { dot: true });
    for (const glob of globs) {
      const matcher = picomatch(glob, { dot: true });
      const matches = files.filter((f) => matcher(f) && isCandidate(f) && !excluded(f));
      if (matches.length === 0 && includes.length > 0) unmatched.push(glob);
      for (const file of matches) add(path.resolve(workspace, file), 'glob');
    }
  }

  if (options.dockerfile && (await isFile(options.dockerfile))) add(options.dockerfile, 'built');

  const ignored = picomatch(options.ignorePaths?.length ? [...options.ignorePaths] : ['\0'], { dot: true });
  const files: DiscoveredDockerfile[] = [];
  for (const entry of found.values()) {
    if (entry.reason !== 'explicit' && ignored(entry.file)) continue;
    // git lists tracked files deleted from the work tree; only lint what is there.
    if (entry.reason === 'glob' && !(await isFile(entry.absolute))) continue;
    files.push(entry);
  }
  files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { files, unmatched };
}

/** Files under `workspace` (relative, forward slashes): git's view when it is a repository, else a walk. */
export async function listWorkspaceFiles(workspace: string): Promise<string[]> {
  return (await listGitFiles(workspace)) ?? walk(workspace);
}

/** Every regular file under `root`, skipping `SKIPPED_DIRS` and not following symbolic links. */
export async function walk(root: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (dir: string, prefix: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return; // unreadable directory: nothing to lint there
    }
    for (const entry of entries) {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.includes(entry.name)) await visit(path.join(dir, entry.name), relative);
      } else if (entry.isFile()) {
        out.push(relative);
      }
    }
  };
  await visit(root, '');
  return out.sort();
}

/** False for files under skipped directories and for `Dockerfile.dockerignore` (an ignore file). */
function isCandidate(file: string): boolean {
  const parts = file.split('/');
  if (parts.slice(0, -1).some((dir) => SKIPPED_DIRS.includes(dir))) return false;
  return !file.endsWith('.dockerignore');
}

/** Workspace-relative glob with forward slashes and no leading `./`. */
function normalisePattern(workspace: string, pattern: string): string {
  const slashed = pattern.split(path.sep).join('/');
  const relative = path.isAbsolute(pattern) ? toRelative(workspace, pattern) : slashed;
  return relative.replace(/^(\.\/)+/, '');
}

function toRelative(workspace: string, absolute: string): string {
  return path.relative(workspace, absolute).split(path.sep).join('/') || '.';
}

async function isFile(file: string): Promise<boolean> {
  return (await fs.stat(file).catch(() => undefined))?.isFile() ?? false;
}
