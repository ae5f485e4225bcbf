import { describe, expect, it } from '@jest/globals';
import { topWastedPaths, wastedFolderKey, wastedPathKey } from '../../src/measure/wasted-paths.js';

describe('wastedPathKey', () => {
  it.each([
    [
      'var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4',
      '/var/lib/apt/lists',
    ],
    ['var/lib/apt/lists/partial/x', '/var/lib/apt/lists'],
    ['usr/lib/node_modules/npm/lib/cli.js', '/usr/lib/node_modules/npm'],
    ['app/node_modules/@babel/core/lib/index.js', '/app/node_modules/@babel/core'],
    [
      'usr/local/lib/python3.11/site-packages/numpy/core/x.so',
      '/usr/local/lib/python3.11/site-packages/numpy',
    ],
    ['root/.cache/pip/http/a/b/c', '/root/.cache/pip'],
    ['tmp/build/obj/x.o', '/tmp'],
    ['usr/share/doc/curl/changelog.gz', '/usr/share/doc/curl'],
    ['usr/share/doc/curl/examples/deep/x.c', '/usr/share/doc/curl'],
    ['etc/app.conf', '/etc'],
    ['big', '/big'],
  ])('%s → %s', (path, key) => {
    expect(wastedPathKey(path)).toBe(key);
  });
});

describe('wastedFolderKey', () => {
  it('groups a removed directory under itself, cut to the same depth', () => {
    expect(wastedFolderKey('var/cache/x')).toBe('/var/cache/x');
    expect(wastedFolderKey('a/b/c/d/e/f')).toBe('/a/b/c/d');
    expect(wastedFolderKey('usr/lib/node_modules/npm')).toBe('/usr/lib/node_modules/npm');
    expect(wastedFolderKey('')).toBe('/');
  });
});

describe('topWastedPaths', () => {
  it('keeps the largest groups, largest first, ties by path, and drops empty ones', () => {
    const byPath = new Map([
      ['/b', 10],
      ['/a', 10],
      ['/c', 30],
      ['/zero', 0],
    ]);
    expect(topWastedPaths(byPath, 2)).toEqual([
      { path: '/c', bytes: 30 },
      { path: '/a', bytes: 10 },
    ]);
    const many = new Map(Array.from({ length: 30 }, (_, i) => [`/d${i}`, i + 1] as [string, number]));
    expect(topWastedPaths(many)).toHaveLength(20);
  });
});
