/**
 * The archive analysis against the real engine: images are built with BuildKit through the client,
 * saved with `saveImage`, and the numbers are checked against what the docker CLI says
 * (`docker history`, `docker image inspect`) and against the image's files seen from a container.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDockerClient, type DockerClient } from '../../src/docker/client.js';
import { analyzeImageArchive } from '../../src/measure/archive.js';
import type { ArchiveAnalysis } from '../../src/measure/types.js';
import { BASE_IMAGES, inspectImage, removeImages, savedLayerFileBytes } from '../support/docker-cli.js';
import { testEngine } from '../support/engine.js';

// Builds (apt against Debian's mirror) take longer than jest's default 5 s; the itg project's
// testTimeout is not applied to files run on their own.
jest.setTimeout(300_000);

const APT_LISTS = '/var/lib/apt/lists/**';
const tags: string[] = [];
let docker: DockerClient;
let workDir: string;

/** Builds `dockerfile` (BuildKit, through the client) as `docker-diet-test/archive-<name>:1`. */
async function build(name: string, dockerfile: string): Promise<string> {
  const context = path.join(workDir, name);
  mkdirSync(context, { recursive: true });
  writeFileSync(path.join(context, 'Dockerfile'), dockerfile);
  const tag = `docker-diet-test/archive-${name}:1`;
  tags.push(tag);
  await docker.build({ context, dockerfile: path.join(context, 'Dockerfile'), tag });
  return tag;
}

/** As the measure stage does it: the engine's image store decides which pull sizes are exact. */
async function analyze(reference: string): Promise<ArchiveAnalysis> {
  return analyzeImageArchive(await docker.saveImage(reference), {
    pathGlobs: [APT_LISTS],
    imageStore: (await docker.engine()).imageStore,
  });
}

const engine = testEngine();

/**
 * Checks each layer's size against the engine's own per-layer number. A graphdriver store (overlay2)
 * counts the layer's file bytes, as `size` does, so they are equal. The containerd store counts the
 * unpacked snapshot's disk usage (4 KiB blocks, directories included), which is never below the file
 * bytes; there the file bytes GNU tar lists in the saved blob are the witness.
 */
function expectEngineLayerSizes(reference: string, result: ArchiveAnalysis): void {
  const sizes = result.layers.map((l) => l.size);
  const history = historyLayerSizes(reference, result);
  if (engine.imageStore === 'graphdriver') {
    expect(sizes).toEqual(history);
    return;
  }
  expect(sizes).toEqual(savedLayerFileBytes(reference));
  sizes.forEach((size, index) => expect(history[index]).toBeGreaterThanOrEqual(size));
}

/**
 * Per-layer sizes from `docker history` (bytes, newest first, one row per history entry), put oldest
 * first and keeping the rows that made a layer.
 */
function historyLayerSizes(reference: string, analysis: ArchiveAnalysis): number[] {
  const rows = execFileSync('docker', ['history', '--human=false', '--format', '{{.Size}}', reference], {
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .reverse()
    .map(Number);
  return rows.filter((_, index) => !analysis.config.history[index]?.empty_layer);
}

beforeAll(() => {
  docker = createDockerClient();
  workDir = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-archive-itg-'));
});

afterAll(() => {
  removeImages(...tags);
  rmSync(workDir, { recursive: true, force: true });
});

describe('analyzeImageArchive on images saved by the engine', () => {
  it('counts a file removed in a later layer as exactly its bytes of waste', async () => {
    const tag = await build(
      'delete',
      [
        `FROM ${BASE_IMAGES.busybox}`,
        'RUN head -c 3000000 /dev/urandom > /big && echo hello > /small',
        'RUN rm /big',
      ].join('\n'),
    );
    const result = await analyze(tag);

    expect(result.layers).toHaveLength(3);
    expect(result.layers[1]?.wastedBytes).toBe(3_000_000);
    expect(result.layers[2]).toMatchObject({ filesDeleted: 1, wastedBytes: 0, size: 0 });
    expect(result.wastedBytes).toBe(3_000_000);
    expect(result.wastedPaths).toEqual([{ path: '/big', bytes: 3_000_000 }]);
    expect(result.notes).toEqual([]);
    // The engine's own view: same diff_ids, same per-layer sizes (busybox has no symlinks, only
    // hard links, which both count once).
    expect(result.layers.map((l) => l.diffId)).toEqual(
      JSON.parse(inspectImage(tag, '{{json .RootFS.Layers}}')),
    );
    expectEngineLayerSizes(tag, result);
    const size = Number(inspectImage(tag, '{{.Size}}'));
    // Random bytes: neither the estimate nor the stored blob can be far below 3 MB.
    expect(result.layers[1]?.compressedSize).toBeGreaterThan(3_000_000);
    if (engine.imageStore === 'graphdriver') {
      // Size is the unpacked layers' file bytes; pull sizes are estimated from the uncompressed tars.
      expect(result.layers.reduce((sum, l) => sum + l.size, 0)).toBe(size);
      expect(result.layers.map((l) => l.compressedSizeEstimated)).toEqual([true, true, true]);
    } else {
      // Size is the blobs the store holds: the layers as saved (exact pull sizes: gzip for the built
      // ones, the loaded base as its tar) plus the config and manifest, a few hundred bytes each.
      expect(result.layers.map((l) => l.compressedSizeEstimated)).toEqual([false, false, false]);
      const blobs = result.layers.reduce((sum, l) => sum + l.compressedSize, 0);
      expect(size - blobs).toBeGreaterThan(0);
      expect(size - blobs).toBeLessThan(10_000);
    }
  });

  it('counts an overwritten file as waste of the layer it was in', async () => {
    const tag = await build(
      'overwrite',
      [
        `FROM ${BASE_IMAGES.busybox}`,
        'RUN mkdir /data && head -c 2000000 /dev/urandom > /data/blob',
        'RUN head -c 500000 /dev/urandom > /data/blob',
      ].join('\n'),
    );
    const result = await analyze(tag);

    expect(result.layers.map((l) => l.wastedBytes)).toEqual([0, 2_000_000, 0]);
    expect(result.layers[2]).toMatchObject({ filesOverwritten: 1, filesAdded: 0, size: 500_000 });
    expect(result.wastedPaths).toEqual([{ path: '/data', bytes: 2_000_000 }]);
    expectEngineLayerSizes(tag, result);
  });

  it('finds apt lists left by apt-get update in the layer that ran it', async () => {
    const tag = await build(
      'apt',
      [
        `FROM ${BASE_IMAGES.debian}`,
        'RUN apt-get update && apt-get install -y --no-install-recommends tree',
        'RUN echo done > /done.txt',
      ].join('\n'),
    );
    const result = await analyze(tag);
    const lists = result.leftoverCaches.find((cache) => cache.kind === 'apt lists');

    // What a container sees in the final filesystem, as an independent count (lock is empty).
    const listed = execFileSync(
      'docker',
      ['run', '--rm', tag, 'find', '/var/lib/apt/lists', '-type', 'f', '-printf', '%s\\n'],
      { encoding: 'utf8' },
    )
      .trim()
      .split('\n')
      .reduce((sum, line) => sum + Number(line), 0);
    expect(listed).toBeGreaterThan(1_000_000);
    expect(lists).toEqual({ kind: 'apt lists', path: '/var/lib/apt/lists', bytes: listed, layerIndex: 1 });
    expect(result.layers[1]?.globBytes[APT_LISTS]).toBe(listed);
    expect(result.layers[0]?.globBytes[APT_LISTS]).toBe(0);
    expect(result.layers[2]?.globBytes[APT_LISTS]).toBe(0);
    if (engine.imageStore === 'containerd') {
      // The containerd store's numbers are disk usage and stored blobs (see expectEngineLayerSizes).
      expectEngineLayerSizes(tag, result);
      return;
    }
    // docker history counts a symlink's target length as bytes too; `size` counts file content only,
    // so each layer sits at or a little below the engine's number.
    const history = historyLayerSizes(tag, result);
    result.layers.forEach((layer, index) => {
      const engineSize = history[index] as number;
      expect(engineSize - layer.size).toBeGreaterThanOrEqual(0);
      expect(engineSize - layer.size).toBeLessThanOrEqual(Math.max(1000, engineSize * 0.0002));
    });
    // Image Size is the sum of the engine's layer sizes: regular files (hard links once) plus symlink
    // target lengths; directories and metadata count 0. So the file-content sum sits just below it:
    // the debian base has ~9 kB of symlink targets in 117 MB.
    const total = result.layers.reduce((sum, layer) => sum + layer.size, 0);
    const size = Number(inspectImage(tag, '{{.Size}}'));
    expect(size - total).toBeGreaterThanOrEqual(0);
    expect(size - total).toBeLessThan(size * 0.0002);
  });

  it('handles steps that make empty layers or no layer at all', async () => {
    const tag = await build(
      'empty',
      [
        `FROM ${BASE_IMAGES.busybox}`,
        'ENV GREETING=hello',
        'WORKDIR /app',
        'RUN true',
        'COPY Dockerfile /app/Dockerfile',
        'LABEL purpose=test',
      ].join('\n'),
    );
    const result = await analyze(tag);
    const diffIds = JSON.parse(inspectImage(tag, '{{json .RootFS.Layers}}')) as string[];

    expect(result.layers.map((l) => l.diffId)).toEqual(diffIds);
    expect(result.config.diffIds).toEqual(diffIds);
    expect(result.config.history.filter((entry) => !entry.empty_layer)).toHaveLength(diffIds.length);
    expect(result.config.history.some((entry) => entry.created_by?.includes('ENV GREETING=hello'))).toBe(
      true,
    );
    expectEngineLayerSizes(tag, result);
    expect(result.layers.slice(1).every((layer) => layer.wastedBytes === 0)).toBe(true);
    expect(result.wastedBytes).toBe(0);
    expect(result.leftoverCaches).toEqual([]);
    expect(result.notes).toEqual([]);
  });

  it('throws a DietError when the image does not exist', async () => {
    await expect(docker.saveImage('docker-diet-test/does-not-exist:nope')).rejects.toThrow(/does not exist/);
  });
});
