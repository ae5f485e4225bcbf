/**
 * Where package managers and tools leave caches that an image does not need at run time. Used to find
 * leftover caches in the final filesystem and to group wasted bytes under a meaningful folder.
 */

/** One cache folder. */
export interface CacheLocation {
  /** What it is, as shown in the report. */
  kind: string;
  /** Absolute folder path. */
  path: string;
  /** Which files directly or deeply under `path` count; all when absent. */
  counts?: (relativePath: string) => boolean;
}

/** Known cache folders, most specific first where they nest. */
export const CACHE_LOCATIONS: readonly CacheLocation[] = [
  // `lock` and `partial/` exist (empty) even after `rm -rf /var/lib/apt/lists/*` + a later update.
  {
    kind: 'apt lists',
    path: '/var/lib/apt/lists',
    counts: (relative) => relative !== 'lock' && !relative.startsWith('partial/'),
  },
  {
    kind: 'apt archives',
    path: '/var/cache/apt/archives',
    counts: (relative) => !relative.includes('/') && relative.endsWith('.deb'),
  },
  { kind: 'apk cache', path: '/var/cache/apk' },
  { kind: 'yum cache', path: '/var/cache/yum' },
  { kind: 'dnf cache', path: '/var/cache/dnf' },
  { kind: 'pip cache', path: '/root/.cache/pip' },
  { kind: 'npm cache', path: '/root/.npm/_cacache' },
  { kind: 'yarn cache', path: '/usr/local/share/.cache/yarn' },
  { kind: 'yarn cache', path: '/root/.cache/yarn' },
  { kind: 'go build cache', path: '/root/.cache/go-build' },
  { kind: 'go module cache', path: '/go/pkg/mod' },
  { kind: 'maven repository', path: '/root/.m2/repository' },
  { kind: 'temp files', path: '/tmp' },
  { kind: 'temp files', path: '/var/tmp' },
];
