/**
 * Groups wasted files under a folder a reader can act on: the file's parent folder, cut to a useful
 * depth. `/var/lib/apt/lists/deb.debian.org_…_Packages` → `/var/lib/apt/lists`;
 * `/usr/lib/node_modules/npm/lib/x.js` → `/usr/lib/node_modules/npm`; a file under a known cache
 * folder → that folder; a file at the root (`/big`) → itself, since `/` says nothing. Files removed
 * with their directory (`rm -rf /var/cache/x`) are grouped under that directory (`wastedFolderKey`).
 */
import { CACHE_LOCATIONS } from './cache-locations.js';

/** Folders deeper than this are cut back to this depth (4 keeps `/var/lib/apt/lists`, `/usr/share/doc/x`). */
const MAX_DEPTH = 4;
/** Folders whose next segment is a package: group per package (`@scope/name` counts as one). */
const PACKAGE_FOLDERS = new Set(['node_modules', 'site-packages', 'dist-packages']);

/** The grouping folder for a wasted file at tar path `path` (no leading slash). */
export function wastedPathKey(path: string): string {
  const absolute = `/${path}`;
  for (const cache of CACHE_LOCATIONS) {
    if (absolute.startsWith(`${cache.path}/`)) return cache.path;
  }
  const parts = path.split('/');
  if (parts.length === 1) return absolute;
  const folders = parts.slice(0, -1);
  const packageAt = folders.findIndex((part) => PACKAGE_FOLDERS.has(part));
  if (packageAt >= 0 && packageAt + 1 < folders.length) {
    const scoped = folders[packageAt + 1]?.startsWith('@') && packageAt + 2 < folders.length;
    return `/${folders.slice(0, packageAt + (scoped ? 3 : 2)).join('/')}`;
  }
  return `/${folders.slice(0, MAX_DEPTH).join('/')}`;
}

/** The grouping folder for everything under a removed directory `path` (tar path, no leading slash). */
export function wastedFolderKey(path: string): string {
  return path === '' ? '/' : wastedPathKey(`${path}/-`);
}

/** The `limit` largest groups, largest first (ties by path, so output is stable). */
export function topWastedPaths(
  byPath: ReadonlyMap<string, number>,
  limit = 20,
): { path: string; bytes: number }[] {
  return [...byPath]
    .filter(([, bytes]) => bytes > 0)
    .sort(([pathA, a], [pathB, b]) => b - a || pathA.localeCompare(pathB))
    .slice(0, limit)
    .map(([path, bytes]) => ({ path, bytes }));
}
