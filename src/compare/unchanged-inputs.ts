/**
 * Whether a build of the base commit would read exactly what the head build read: the same
 * Dockerfile, the same `.dockerignore`, and no file of the build context (after `.dockerignore`)
 * changed, added or removed since the base commit, tracked or not. Then the base image is the head
 * image, and a comparison needs no second build: in a monorepo, every image a pull request does not
 * touch is checked for the price of its head build alone.
 *
 * Conservative: any doubt (an image measured instead of built, extra build contexts, a path outside
 * the repository, a git error) says "changed", and the base is built as before.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Settings } from '../config/settings.js';
import { contextIgnore, readDockerignore, toPosix, type ContextIgnore } from '../docker/context.js';
import { runGit } from '../git/git.js';

/** Why the base must be built, or undefined when its build inputs equal the head's. */
export async function changedBuildInput(
  repo: string,
  baseSha: string,
  settings: Pick<Settings, 'context' | 'dockerfile' | 'image' | 'buildContexts'>,
): Promise<string | undefined> {
  if (settings.image) return 'the head image was not built from this checkout';
  if (Object.keys(settings.buildContexts).length > 0) return 'the build reads other build contexts';
  const context = toPosix(path.relative(repo, settings.context)) || '.';
  const dockerfile = toPosix(path.relative(repo, settings.dockerfile));
  if (context.startsWith('..') || dockerfile.startsWith('..'))
    return 'the build reads files outside the repository';
  // buildx reads `<Dockerfile>.dockerignore` in place of the context's; the check knows only the latter.
  if (existsSync(`${settings.dockerfile}.dockerignore`))
    return `${dockerfile}.dockerignore decides what the build reads`;

  let paths: string[];
  try {
    // Tracked files that differ between the base commit and the working tree (committed, staged or
    // not), then files git does not track, ignored ones included: the engine receives those too.
    const diff = await runGit(
      ['diff', '--name-only', '--no-renames', '-z', baseSha, '--', context, dockerfile],
      repo,
    );
    // A folder git tracks nothing in is listed once, as `folder/` (a dependency folder can hold more
    // files than is worth listing).
    const others = await runGit(['ls-files', '--others', '--directory', '-z', '--', context], repo);
    paths = [...diff.split('\0'), ...others.split('\0')].filter((p) => p !== '');
  } catch (error) {
    return `git could not tell what changed (${(error as Error).message.split('\n')[0]})`;
  }

  const patterns = await readDockerignore(settings.context).catch(() => undefined);
  if (!patterns) return 'the .dockerignore file could not be read';
  // As the context is packed (see ContextIgnore.hasExceptions).
  const ignore = contextIgnore(patterns);
  const { hasExceptions } = ignore;
  const prefix = context === '.' ? '' : `${context}/`;
  for (const file of paths) {
    if (file === dockerfile) return `${file} changed`;
    if (path.posix.basename(file).endsWith('.dockerignore')) return `${file} changed`;
    if (!file.startsWith(prefix)) continue;
    const name = file.slice(prefix.length).replace(/\/$/, '');
    // Below an untracked folder an exception could bring a file back: then the folder counts.
    if (file.endsWith('/') && hasExceptions) return `${file} changed`;
    if (!(hasExceptions ? ignore.ignores(name) : excludedWithFolder(ignore, name))) return `${file} changed`;
  }
  return undefined;
}

/** True when `.dockerignore` keeps `name`, or a folder above it, out of the context. */
function excludedWithFolder(ignore: ContextIgnore, name: string): boolean {
  const parts = name.split('/');
  for (let i = parts.length; i > 0; i -= 1) if (ignore.ignores(parts.slice(0, i).join('/'))) return true;
  return false;
}
