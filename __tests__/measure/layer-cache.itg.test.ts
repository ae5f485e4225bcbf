/**
 * The layer-analysis cache against the real engine: an image measured twice (two runs, one folder)
 * gives the same measurement and the second run reads every layer from the folder; a head image and
 * its base that share layers analyse the shared ones once; a damaged entry is replaced; an image
 * measured before is measured again without a save. What was read from the cache is asserted from the
 * cache's own counters and the engine's event log, never from timing. Also: the gzip estimate
 * compressing blocks in parallel gives exactly the serial estimate on real layers.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDockerClient, type DockerClient } from '../../src/docker/client.js';
import { analyzeImageArchive } from '../../src/measure/archive.js';
import { LayerCache } from '../../src/measure/layer-cache.js';
import { measureImage, type MeasureResult } from '../../src/measure/step.js';
import { BASE_IMAGES, removeImages } from '../support/docker-cli.js';
import { testEngine } from '../support/engine.js';

jest.setTimeout(300_000);

const GLOBS = ['/data/**', '/tmp/**'];
const BASE_STEPS = [
  `FROM ${BASE_IMAGES.busybox}`,
  'RUN mkdir /data && head -c 3000000 /dev/urandom > /data/random.bin && ln /data/random.bin /data/link.bin',
  'RUN seq 1 300000 > /data/numbers.txt && echo cache > /tmp/t',
];
const HEAD_STEPS = [
  ...BASE_STEPS,
  'RUN rm /data/random.bin /data/link.bin && seq 1 1000 > /data/numbers.txt',
];

const engine = testEngine();
const tags: string[] = [];
let docker: DockerClient;
let workDir: string;
let head: string;
let base: string;

async function build(name: string, lines: string[]): Promise<string> {
  const context = path.join(workDir, name);
  mkdirSync(context, { recursive: true });
  writeFileSync(path.join(context, 'Dockerfile'), lines.join('\n'));
  const tag = `docker-diet-test/layer-cache-${name}:1`;
  tags.push(tag);
  await docker.build({ context, dockerfile: path.join(context, 'Dockerfile'), tag });
  return tag;
}

function newCache(name: string): LayerCache {
  return new LayerCache({ dir: path.join(workDir, 'cache', name) });
}

function measure(reference: string, layerCache?: LayerCache, pathGlobs = GLOBS): Promise<MeasureResult> {
  return measureImage(docker, { reference, pathGlobs, layerCache });
}

/** Distinct diff IDs of an image, as the engine reports them. */
async function distinctLayers(reference: string): Promise<number> {
  return new Set((await docker.inspectImage(reference)).diffIds).size;
}

/**
 * Runs `work`, and counts the `save` events the engine logged for `reference`'s image meanwhile (every
 * `docker save` of it, from this test or any other).
 */
async function countSaves(reference: string, work: () => Promise<unknown>): Promise<number> {
  const { id } = await docker.inspectImage(reference);
  // Unix seconds with milliseconds, as `docker events` takes them: the window holds this work only.
  const now = (): string => (Date.now() / 1000).toFixed(3);
  const since = now();
  await work();
  const until = now();
  const events = execFileSync(
    'docker',
    [
      'events',
      '--since',
      `${since}`,
      '--until',
      `${until}`,
      '--filter',
      'type=image',
      '--filter',
      'event=save',
      '--format',
      '{{.ID}}',
    ],
    { encoding: 'utf8' },
  );
  const bare = id.replace(/^sha256:/, '');
  return events.split('\n').filter((line) => line.includes(bare)).length;
}

beforeAll(async () => {
  docker = createDockerClient();
  workDir = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-layer-cache-itg-'));
  base = await build('base', BASE_STEPS);
  head = await build('head', HEAD_STEPS);
});

afterAll(() => {
  removeImages(...tags);
  rmSync(workDir, { recursive: true, force: true });
});

describe(`layer-analysis cache on ${engine.label}`, () => {
  it('head and base share layers (the setup the other tests rely on)', async () => {
    const [headIds, baseIds] = [
      (await docker.inspectImage(head)).diffIds,
      (await docker.inspectImage(base)).diffIds,
    ];
    expect(headIds.slice(0, baseIds.length)).toEqual(baseIds);
    expect(headIds.length).toBe(baseIds.length + 1);
  });

  it('a second run reads every layer from the folder and measures the same', async () => {
    const uncached = await measure(head);
    const first = newCache('twice');
    const cold = await measure(head, first);
    expect(first.stats).toMatchObject({
      diskHits: 0,
      misses: await distinctLayers(head),
      corrupt: 0,
      errors: 0,
    });

    const second = new LayerCache({ dir: first.dir });
    const warm = await measure(head, second);
    expect(second.stats).toMatchObject({ diskHits: await distinctLayers(head), misses: 0, errors: 0 });
    expect(second.describe()).toMatch(
      /^Layer cache: 1 image measured from the cache without a save, \d+ layers from the cache .*, 0 analysed/,
    );
    expect(cold.measurement).toEqual(uncached.measurement);
    expect(warm.measurement).toEqual(uncached.measurement);
    expect(warm.analysis).toEqual(uncached.analysis);
    expect(warm.measurement.wastedBytes).toBeGreaterThan(3_000_000);
  });

  it('head then base in one run analyses the shared layers once', async () => {
    const cache = newCache('shared');
    const headResult = await measure(head, cache);
    const baseResult = await measure(base, cache);
    expect(cache.stats.misses).toBe(await distinctLayers(head));
    expect(cache.stats.memoryHits).toBe(await distinctLayers(base));
    expect(cache.stats.diskHits).toBe(0);
    expect(headResult.measurement).toEqual((await measure(head)).measurement);
    expect(baseResult.measurement).toEqual((await measure(base)).measurement);
  });

  it('answers a different glob set from the cached file index, as a fresh read does', async () => {
    const cache = newCache('globs');
    await measure(head, cache);
    const globs = ['/data/numbers.txt', '/bin/**'];
    const again = new LayerCache({ dir: cache.dir });
    const cached = await measure(head, again, globs);
    expect(again.stats.misses).toBe(0);
    expect(cached.analysis.layers.map((l) => l.globBytes)).toEqual(
      (await measure(head, undefined, globs)).analysis.layers.map((l) => l.globBytes),
    );
  });

  it('measures an image it read before without saving it again: the engine logs no save', async () => {
    const cache = newCache('image');
    let cold: MeasureResult | undefined;
    expect(await countSaves(head, async () => (cold = await measure(head, cache)))).toBe(1);
    expect(cache.stats.imageHits).toBe(0);

    const next = new LayerCache({ dir: cache.dir });
    let warm: MeasureResult | undefined;
    expect(await countSaves(head, async () => (warm = await measure(head, next)))).toBe(0);
    expect(next.stats).toMatchObject({ imageHits: 1, misses: 0, diskHits: await distinctLayers(head) });
    expect(next.describe()).toMatch(/^Layer cache: 1 image measured from the cache without a save, /);
    expect(warm!.measurement).toEqual(cold!.measurement);
    expect(warm!.analysis).toEqual(cold!.analysis);

    // Other globs are answered from the cached file index, as a fresh read answers them.
    const globs = ['/data/numbers.txt', '/bin/**'];
    const third = new LayerCache({ dir: cache.dir });
    const cached = await measure(head, third, globs);
    expect(third.stats.imageHits).toBe(1);
    expect(cached.analysis).toEqual((await measure(head, undefined, globs)).analysis);
  });

  it('saves the image again when one of its layers has left the cache', async () => {
    const cache = newCache('image-partial');
    const reference = await measure(head, cache);
    await cache.settle();
    const layersDir = path.join(
      cache.dir,
      readdirSync(cache.dir).find((name) => name.startsWith('layers-'))!,
    );
    const entries = readdirSync(layersDir, { recursive: true, withFileTypes: true }).filter((e) =>
      e.isFile(),
    );
    rmSync(path.join(entries[0]!.parentPath, entries[0]!.name));
    const next = new LayerCache({ dir: cache.dir });
    let result: MeasureResult | undefined;
    expect(await countSaves(head, async () => (result = await measure(head, next)))).toBe(1);
    expect(next.stats).toMatchObject({ imageHits: 0, misses: 1 });
    expect(result!.measurement).toEqual(reference.measurement);
  });

  it('replaces a damaged entry and still measures the same', async () => {
    const cache = newCache('damaged');
    const reference = await measure(head, cache);
    const layersDir = path.join(
      cache.dir,
      readdirSync(cache.dir).find((name) => name.startsWith('layers-'))!,
    );
    const victim = readdirSync(layersDir, { recursive: true, withFileTypes: true }).find((entry) =>
      entry.isFile(),
    )!;
    writeFileSync(path.join(victim.parentPath, victim.name), 'not gzip at all');
    const next = new LayerCache({ dir: cache.dir });
    const result = await measure(head, next);
    expect(next.stats).toMatchObject({ corrupt: 1, misses: 1, errors: 0 });
    expect(result.measurement).toEqual(reference.measurement);
    const third = new LayerCache({ dir: cache.dir });
    await measure(head, third);
    expect(third.stats).toMatchObject({ corrupt: 0, misses: 0 });
  });
});

describe(`parallel gzip estimate on ${engine.label}`, () => {
  it('gives exactly the serial estimate on real layers', async () => {
    // Small blocks and a small exact prefix so both the exact and the sampled paths run many blocks.
    const estimate = { blockSize: 64 * 1024, exactBytes: 1024 * 1024, sampleEvery: 4 };
    const analyse = async (parallel: number) =>
      analyzeImageArchive(await docker.saveImage(head), { estimate: { ...estimate, parallel } });
    const serial = await analyse(1);
    const parallel = await analyse(8);
    expect(parallel.layers.map((l) => l.compressedSize)).toEqual(serial.layers.map((l) => l.compressedSize));
    expect(serial.layers.some((l) => l.compressedSizeEstimated)).toBe(true);
  });
});
