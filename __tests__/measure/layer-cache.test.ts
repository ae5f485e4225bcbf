import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import {
  DEFAULT_LAYER_CACHE_BYTES,
  defaultLayerCacheDir,
  LayerCache,
} from '../../src/measure/layer-cache.js';
import {
  decodeLayer,
  encodeLayer,
  LAYER_ANALYSIS_VERSION,
  recordForGlobs,
  type CachedLayer,
} from '../../src/measure/layer-cache-entry.js';
import { LayerRecordBuilder, type TarHeader } from '../../src/measure/layer-record.js';
import {
  decodeImage,
  encodeImage,
  IMAGE_ENTRY_VERSION,
  type CachedImage,
} from '../../src/measure/image-cache-entry.js';
import { analyzeCachedImage } from '../../src/measure/archive.js';
import { writerLayer } from '../support/layer-cache-writer.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-layer-cache-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const HEADERS: TarHeader[] = [
  { name: 'var/', type: 'directory' },
  { name: 'var/lib/apt/lists/a_Packages', size: 5000 },
  { name: 'var/lib/apt/lists/b_Packages', size: 700 },
  { name: 'usr/bin/tool', size: 300 },
  { name: 'usr/bin/tool-link', type: 'link', linkname: 'usr/bin/tool' },
  { name: 'usr/bin/sh', type: 'symlink', linkname: 'busybox' },
  { name: 'dev/null', type: 'character-device' },
  { name: 'etc/.wh.old.conf' },
  { name: 'opt/.wh..wh..opq' },
];

/** A layer record as the scan builds it, with `seed` making its paths (and so its diff ID) its own. */
function layer(seed: number, globs: string[] = ['/var/lib/apt/lists/**']): CachedLayer {
  const builder = new LayerRecordBuilder(globs);
  for (const header of HEADERS) builder.add(header);
  for (let i = 0; i < 200; i += 1) builder.add({ name: `data/${seed}/file-${i}`, size: seed * 1000 + i });
  return { diffId: digest(seed), record: builder.build(), gzipEstimates: { l6: 1234 + seed } };
}

function digest(seed: number): string {
  return `sha256:${seed.toString(16).padStart(64, '0')}`;
}

function entryFiles(root = dir): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function fileOf(diffId: string): string {
  const hex = diffId.slice('sha256:'.length);
  return path.join(dir, `layers-v${LAYER_ANALYSIS_VERSION}`, hex.slice(0, 2), `${hex}.json.gz`);
}

describe('layer cache entries', () => {
  it('decode what they encode: index, hard links, whiteouts, globs, estimates', () => {
    const original = layer(7);
    const decoded = decodeLayer(encodeLayer(original), original.diffId);
    expect(decoded).toEqual(original);
    const link = decoded!.record.entries.find((entry) => entry.path === 'usr/bin/tool-link');
    const tool = decoded!.record.entries.findIndex((entry) => entry.path === 'usr/bin/tool');
    expect(link).toMatchObject({ kind: 'file', size: 0, content: tool });
  });

  it('refuse another analysis version, another diff ID and a damaged shape', () => {
    const text = encodeLayer(layer(1));
    const file = JSON.parse(text) as Record<string, unknown>;
    expect(
      decodeLayer(JSON.stringify({ ...file, version: LAYER_ANALYSIS_VERSION + 1 }), digest(1)),
    ).toBeUndefined();
    expect(decodeLayer(text, digest(2))).toBeUndefined();
    expect(decodeLayer(JSON.stringify({ ...file, kinds: 'f' }), digest(1))).toBeUndefined();
    expect(decodeLayer(JSON.stringify({ ...file, links: [[3, 9]] }), digest(1))).toBeUndefined();
    expect(decodeLayer(text.slice(0, text.length / 2), digest(1))).toBeUndefined();
  });

  it('answer globs that were not asked when the layer was read, as reading it with them does', () => {
    const cached = layer(3, []);
    const globs = ['/var/lib/apt/lists/**', '/usr/**', '/data/3/file-1*'];
    const fresh = layer(3, globs);
    expect(recordForGlobs(cached.record, globs).globBytes).toEqual(fresh.record.globBytes);
    expect(cached.record.globBytes).toEqual({});
  });
});

describe('LayerCache', () => {
  it('serves a layer from memory in the run and from the folder in the next', async () => {
    const run1 = new LayerCache({ dir });
    run1.put(layer(1));
    expect(await run1.get(digest(1))).toEqual(layer(1));
    await run1.settle();
    expect(run1.stats).toMatchObject({ memoryHits: 1, diskHits: 0, writes: 1, errors: 0 });

    const run2 = new LayerCache({ dir });
    expect(await run2.get(digest(1))).toEqual(layer(1));
    expect(await run2.get(digest(2))).toBeUndefined();
    expect(run2.stats).toMatchObject({ diskHits: 1, memoryHits: 0 });
  });

  it('misses when the estimate of the needed setting is not cached, then keeps both estimates', async () => {
    const cache = new LayerCache({ dir });
    cache.put(layer(1));
    expect(await cache.get(digest(1), { gzipEstimate: 'l4' })).toBeUndefined();
    cache.put({ ...layer(1), gzipEstimates: { l4: 999 } });
    await cache.settle();
    const next = new LayerCache({ dir });
    expect((await next.get(digest(1), { gzipEstimate: 'l4' }))?.gzipEstimates).toEqual({ l6: 1235, l4: 999 });
  });

  it('evicts the least recently used entries past its size, a read counting as a use', async () => {
    const writer = new LayerCache({ dir });
    for (const seed of [1, 2, 3]) writer.put(layer(seed));
    await writer.settle();
    // Written long ago, 1 oldest.
    [1, 2, 3].forEach((seed) => utimesSync(fileOf(digest(seed)), 1000 + seed, 1000 + seed));
    const size = (seed: number): number => statSync(fileOf(digest(seed))).size;

    // Room for 1, 3 and a new 4, not for 2 as well: the folder is cut when the run writes.
    const size4 = gzipSync(encodeLayer(layer(4))).length;
    const reader = new LayerCache({ dir, maxBytes: size(1) + size(3) + size4 + 10 });
    expect(await reader.get(digest(1))).toBeDefined(); // now the most recently used
    await reader.settle();
    expect(reader.stats.evicted).toBe(0); // reading does not grow the folder
    reader.put(layer(4));
    await reader.settle();
    expect(reader.stats.evicted).toBe(1);
    expect(existsSync(fileOf(digest(1)))).toBe(true);
    expect(existsSync(fileOf(digest(2)))).toBe(false);
    expect(existsSync(fileOf(digest(3)))).toBe(true);
    expect(existsSync(fileOf(digest(4)))).toBe(true);
    const total = entryFiles().reduce((sum, file) => sum + statSync(file).size, 0);
    expect(total).toBeLessThanOrEqual(reader.maxBytes);
  });

  it('ages out entries of an older analysis version first when they are the least recently used', async () => {
    const old = path.join(dir, 'layers-v0', 'ab', 'x.json.gz');
    mkdirSync(path.dirname(old), { recursive: true });
    writeFileSync(old, Buffer.alloc(4096));
    utimesSync(old, 10, 10);
    const cache = new LayerCache({ dir, maxBytes: 4000 });
    cache.put(layer(1));
    await cache.settle();
    expect(existsSync(old)).toBe(false);
    expect(existsSync(fileOf(digest(1)))).toBe(true);
  });

  it('never evicts files of its folder that are not its own', async () => {
    const foreign = [
      path.join(dir, 'engines', 'dockerd'),
      path.join(dir, 'notes.txt'),
      path.join(dir, 'layers-x', 'y'),
    ];
    for (const file of foreign) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, Buffer.alloc(10_000));
      utimesSync(file, 10, 10); // older than anything the cache writes
    }
    const cache = new LayerCache({ dir, maxBytes: 1 });
    cache.put(layer(1));
    await cache.settle();
    expect(cache.stats.evicted).toBe(1);
    expect(existsSync(fileOf(digest(1)))).toBe(false);
    for (const file of foreign) expect(existsSync(file)).toBe(true);
  });

  it('writes through temporary files it never leaves behind, and clears stale ones of dead runs', async () => {
    const stale = path.join(dir, 'layers-v1', '00', `x.json.gz.tmp-1-aaaa`);
    const fresh = path.join(dir, 'layers-v1', '00', `y.json.gz.tmp-2-bbbb`);
    mkdirSync(path.dirname(stale), { recursive: true });
    writeFileSync(stale, 'half');
    writeFileSync(fresh, 'half');
    utimesSync(stale, new Date(Date.now() - 2 * 3600_000), new Date(Date.now() - 2 * 3600_000));
    const cache = new LayerCache({ dir });
    for (let seed = 1; seed <= 20; seed += 1) cache.put(layer(seed));
    await cache.settle();
    const temps = entryFiles().filter((file) => file.includes('.tmp-'));
    expect(temps).toEqual([fresh]); // another run's write in progress is left alone
    expect(cache.stats.writes).toBe(20);
  });

  it('ignores and replaces corrupt or unreadable entries', async () => {
    const cache = new LayerCache({ dir });
    for (const seed of [1, 2, 3, 4]) cache.put(layer(seed));
    await cache.settle();
    writeFileSync(fileOf(digest(1)), 'not gzip');
    writeFileSync(fileOf(digest(2)), gzipSync('{"version": 1, "truncated'));
    const wrong = gzipSync(encodeLayer(layer(5))); // a valid entry of another layer under this name
    writeFileSync(fileOf(digest(3)), wrong);
    writeFileSync(fileOf(digest(4)), gzipSync(encodeLayer(layer(4))).subarray(0, 40));

    const reader = new LayerCache({ dir });
    for (const seed of [1, 2, 3, 4]) expect(await reader.get(digest(seed))).toBeUndefined();
    expect(reader.stats).toMatchObject({ corrupt: 4, diskHits: 0, errors: 0 });
    for (const seed of [1, 2, 3, 4]) reader.put(layer(seed));
    await reader.settle();
    const again = new LayerCache({ dir });
    for (const seed of [1, 2, 3, 4]) expect(await again.get(digest(seed))).toEqual(layer(seed));
  });

  it('keeps every entry whole when several runs write the same and different entries at once', async () => {
    const runs = [0, 1, 2, 3].map(() => new LayerCache({ dir }));
    runs.forEach((run, index) => {
      for (let seed = 1; seed <= 30; seed += 1) run.put(layer(seed % 2 === 0 ? seed : seed + 100 * index));
    });
    await Promise.all(runs.map((run) => run.settle()));
    expect(entryFiles().filter((file) => file.includes('.tmp-'))).toEqual([]);
    const reader = new LayerCache({ dir });
    for (let seed = 2; seed <= 30; seed += 2) expect(await reader.get(digest(seed))).toEqual(layer(seed));
    for (const run of [0, 1, 2, 3])
      expect(await reader.get(digest(1 + 100 * run))).toEqual(layer(1 + 100 * run));
    expect(reader.stats).toMatchObject({ corrupt: 0, errors: 0 });
  });

  it('stays whole when separate processes write and evict in one folder at once', async () => {
    const script = path.join(
      path.dirname(fileURLToPath(import.meta.url)),
      '../support/layer-cache-writer.ts',
    );
    const maxBytes = 60_000;
    const runs = await Promise.all(
      [1, 2, 3].map(
        (writer) =>
          new Promise<string>((resolve, reject) =>
            execFile(
              process.execPath,
              ['--import', 'tsx', script, dir, String(writer), String(maxBytes)],
              (error, stdout) => (error ? reject(error) : resolve(stdout)),
            ),
          ),
      ),
    );
    for (const out of runs) expect(JSON.parse(out)).toMatchObject({ errors: 0, writes: 40 });
    const files = entryFiles();
    expect(files.filter((file) => file.includes('.tmp-'))).toEqual([]);
    expect(files.reduce((sum, file) => sum + statSync(file).size, 0)).toBeLessThanOrEqual(maxBytes);
    const reader = new LayerCache({ dir });
    let found = 0;
    for (const file of files) {
      const seed = Number.parseInt(path.basename(file, '.json.gz'), 16);
      const layer = await reader.get(`sha256:${seed.toString(16).padStart(64, '0')}`);
      expect(layer).toEqual(writerLayer(seed));
      found += 1;
    }
    expect(found).toBeGreaterThan(0);
    expect(reader.stats).toMatchObject({ corrupt: 0, errors: 0 });
  }, 60_000);

  it('never fails the run when the folder cannot be written, and says so', async () => {
    const blocker = path.join(dir, 'a-file');
    writeFileSync(blocker, 'x');
    const cache = new LayerCache({ dir: path.join(blocker, 'cache') });
    cache.put(layer(1));
    cache.alias(digest(9), digest(1));
    await expect(cache.settle()).resolves.toBeUndefined();
    expect(await cache.get(digest(1))).toEqual(layer(1)); // still served from memory in this run
    expect(cache.stats.errors).toBeGreaterThan(0);
    expect(cache.describe()).toMatch(/cache errors? ignored \(ENOTDIR/);
  });

  it('remembers which layer a compressed blob holds, across runs', async () => {
    const cache = new LayerCache({ dir });
    cache.alias(digest(9), digest(1));
    expect(await cache.aliasOf(digest(9))).toBe(digest(1));
    await cache.settle();
    const next = new LayerCache({ dir });
    expect(await next.aliasOf(digest(9))).toBe(digest(1));
    expect(await next.aliasOf(digest(8))).toBeUndefined();
  });

  it('describes what it did in one line', async () => {
    const cache = new LayerCache({ dir });
    cache.put(layer(1));
    await cache.get(digest(1));
    cache.missed();
    await cache.settle();
    expect(cache.describe()).toBe(
      `Layer cache: 1 layer from the cache (0 from ${dir}, 1 from this run), 1 analysed, 1 written.`,
    );
  });
});

/** An image of layers 1 and 2: the first estimated, the second stored as a push sends it. */
function image(imageId = digest(100), store = 'graphdriver'): CachedImage {
  return {
    imageId,
    store,
    config: {
      rootfs: { type: 'layers', diff_ids: [digest(1), digest(2)] },
      history: [{ created_by: 'one' }, { created_by: 'two' }, { created_by: 'cmd', empty_layer: true }],
    },
    layers: [
      { diffId: digest(1), storedSize: null },
      { diffId: digest(2), storedSize: 4321 },
    ],
  };
}

describe('cached images', () => {
  it('decode what they encode, for that image and store only', () => {
    const text = encodeImage(image());
    expect(decodeImage(text, digest(100), 'graphdriver')).toEqual(image());
    expect(decodeImage(text, digest(101), 'graphdriver')).toBeUndefined();
    expect(decodeImage(text, digest(100), 'containerd')).toBeUndefined();
    const changed = (patch: Record<string, unknown>): string =>
      JSON.stringify({ ...JSON.parse(text), ...patch });
    expect(
      decodeImage(changed({ version: IMAGE_ENTRY_VERSION + 1 }), digest(100), 'graphdriver'),
    ).toBeUndefined();
    expect(
      decodeImage(changed({ layers: [{ diffId: 1, storedSize: null }] }), digest(100), 'graphdriver'),
    ).toBeUndefined();
    expect(
      decodeImage(changed({ layers: [{ diffId: digest(1), storedSize: -1 }] }), digest(100), 'graphdriver'),
    ).toBeUndefined();
    expect(decodeImage(changed({ config: null }), digest(100), 'graphdriver')).toBeUndefined();
    expect(decodeImage('{"version":', digest(100), 'graphdriver')).toBeUndefined();
  });

  it('answer an image from its cached layers, as reading them did; a missing layer or estimate is a miss', async () => {
    const cache = new LayerCache({ dir });
    cache.put(layer(1));
    cache.put({ ...layer(2), gzipEstimates: {} });
    cache.putImage(image());
    await cache.settle();

    const next = new LayerCache({ dir });
    const analysis = await analyzeCachedImage(next, digest(100), {
      estimate: { level: 6 },
      pathGlobs: ['/var/lib/apt/lists/**', '/data/**'],
    });
    expect(analysis?.config.diffIds).toEqual([digest(1), digest(2)]);
    expect(analysis?.config.history).toHaveLength(3);
    expect(analysis?.layers.map((l) => [l.compressedSize, l.compressedSizeEstimated])).toEqual([
      [1235, true],
      [4321, false],
    ]);
    // Globs not asked when the layers were read are summed from their file index.
    expect(analysis?.layers[1]?.globBytes['/data/**']).toBe(
      recordForGlobs(layer(2).record, ['/data/**']).globBytes['/data/**'],
    );
    expect(next.stats).toMatchObject({ imageHits: 1, diskHits: 2 });

    // Another estimator setting: layer 1's estimate at level 4 is not cached.
    expect(
      await analyzeCachedImage(new LayerCache({ dir }), digest(100), { estimate: { level: 4 } }),
    ).toBeUndefined();
    // Another store, another image: not cached.
    expect(
      await analyzeCachedImage(new LayerCache({ dir }), digest(100), { imageStore: 'containerd' }),
    ).toBeUndefined();
    expect(await analyzeCachedImage(new LayerCache({ dir }), digest(101))).toBeUndefined();
    // A layer gone from the folder.
    rmSync(fileOf(digest(2)));
    const without = new LayerCache({ dir });
    expect(await analyzeCachedImage(without, digest(100))).toBeUndefined();
    expect(without.stats.imageHits).toBe(0);
  });

  it('are not served when the config no longer names the cached layers', async () => {
    const cache = new LayerCache({ dir });
    cache.put(layer(1));
    cache.put(layer(2));
    cache.putImage({
      ...image(),
      layers: [
        { diffId: digest(2), storedSize: null },
        { diffId: digest(1), storedSize: null },
      ],
    });
    await cache.settle();
    expect(await analyzeCachedImage(new LayerCache({ dir }), digest(100))).toBeUndefined();
  });

  it('count a damaged entry once in a run and replace it on the next write', async () => {
    const cache = new LayerCache({ dir });
    cache.put(layer(1));
    await cache.settle();
    writeFileSync(fileOf(digest(1)), 'not gzip');
    const next = new LayerCache({ dir });
    expect(await next.get(digest(1))).toBeUndefined();
    expect(await next.get(digest(1))).toBeUndefined();
    expect(next.stats.corrupt).toBe(1);
    next.put(layer(1));
    await next.settle();
    expect(await new LayerCache({ dir }).get(digest(1))).toEqual(layer(1));
  });
});

describe('defaultLayerCacheDir', () => {
  it("prefers the runner's tool cache in the action, then XDG_CACHE_HOME, then ~/.cache", () => {
    const env = { RUNNER_TOOL_CACHE: '/opt/hostedtoolcache', XDG_CACHE_HOME: '/xdg' };
    expect(defaultLayerCacheDir(env, true)).toBe('/opt/hostedtoolcache/docker-diet');
    expect(defaultLayerCacheDir(env, false)).toBe('/xdg/docker-diet');
    expect(defaultLayerCacheDir({}, true)).toBe(path.join(os.homedir(), '.cache', 'docker-diet'));
    expect(DEFAULT_LAYER_CACHE_BYTES).toBe(512 * 1024 * 1024);
  });
});
