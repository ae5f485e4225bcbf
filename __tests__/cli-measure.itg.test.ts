/**
 * `docker-diet measure` against the real engine: the JSON report model for one image, a table a person
 * can read, and `--no-cache`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import type { Report } from '../src/report/model.js';
import { runCli as runCliIn, workspace } from './lint/cli-harness.js';
import { BASE_IMAGES, inspectImage, removeImages } from './support/docker-cli.js';
import { engineEnv } from './support/engine-env.js';
import { testEngine } from './support/engine.js';

const DOCKERFILE = [
  `FROM ${BASE_IMAGES.busybox} AS build`,
  'RUN head -c 2000000 /dev/urandom > /artifact',
  `FROM ${BASE_IMAGES.busybox}`,
  'WORKDIR /app',
  'RUN head -c 3000000 /dev/urandom > /big && echo one > /small',
  'COPY --from=build /artifact /artifact',
  'RUN rm /big && echo two > /small',
  '',
].join('\n');

/** Runs the CLI in `cwd` with the real engine (the default client), capturing its output. */
const runCli = (argv: string[], cwd: string) =>
  runCliIn(argv, cwd, { env: { PATH: process.env.PATH, ...engineEnv() }, engine: true });

describe('docker-diet measure', () => {
  const root = workspace({ Dockerfile: DOCKERFILE });
  const images: string[] = [];
  afterAll(() => {
    removeImages(...images);
    rmSync(root, { recursive: true, force: true });
  });

  it('prints the report model for one image with --format json', async () => {
    const run = await runCli(['measure', '--format', 'json', '--quiet', '--name', 'measured'], root);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    const head = report.images[0]!.head!;
    images.push(head.imageId);
    expect(report.schemaVersion).toBe(1);
    expect(head.size).toBe(Number(inspectImage(head.imageId, '{{.Size}}')));
    // 3,000,000 deleted bytes plus the 4-byte file overwritten later.
    expect(head.wastedBytes).toBe(3_000_004);
    const own = head.layers.filter((l) => !l.fromBase);
    expect(own.map((l) => [l.instruction?.line, l.diffId === null ? 'empty' : l.size])).toEqual([
      [4, 0],
      [5, 3_000_004],
      [6, 2_000_000],
      [7, 4],
    ]);
    // Pull sizes: estimated from the uncompressed tars a graphdriver store saves; exact on the
    // containerd store, whose saved blobs (the built layers gzip, the loaded base a tar) are pushed
    // as they are.
    const exact = testEngine().imageStore === 'containerd';
    const withLayer = head.layers.filter((l) => l.diffId !== null);
    expect(withLayer.map((l) => l.compressedSizeExact)).toEqual(withLayer.map(() => exact));
    expect(head.layers.filter((l) => l.diffId === null).every((l) => !l.compressedSizeExact)).toBe(true);
    expect(head.compressedSizeEstimated).toBe(!exact);
    expect(head.compressedSize).toBe(withLayer.reduce((sum, l) => sum + (l.compressedSize ?? 0), 0));
    expect(head.compressedSize).toBeGreaterThan(5_000_000);
  });

  it('prints a table a person can read with --format text', async () => {
    const run = await runCli(['measure', '--format', 'text', '--quiet'], root);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/LINE\s+INSTRUCTION\s+SIZE\s+WASTED/);
    expect(run.stdout).toMatch(
      /\n\s+5\s+RUN head -c 3000000 \/dev\/urandom > \/big && echo one > \/small\s+3\.0 MB\s+3\.0 MB\n/,
    );
    expect(run.stdout).toMatch(/\n\s+6\s+COPY --from=build \/artifact \/artifact\s+2\.0 MB\n/);
    expect(run.stdout).toContain('wasted 3.0 MB in deleted or overwritten files');
  });

  it('builds without the cache with --no-cache', async () => {
    const run = await runCli(['measure', '--format', 'json', '--quiet', '--no-cache'], root);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    images.push(report.images[0]!.head!.imageId);
    const runs = report.images[0]!.buildSteps.filter((s) => / RUN /.test(s.name));
    expect(runs.length).toBe(3);
    expect(runs.every((s) => !s.cached)).toBe(true);
  });

  it('reads every layer from --layer-cache on a second run, with the same report', async () => {
    const cache = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-cli-layer-cache-'));
    try {
      // Built once, then measured twice with --image: a second build could miss the build cache (a
      // busy engine may collect it) and make new random layers.
      const built = await runCli(['measure', '--format', 'json', '--quiet', '--layer-cache', 'off'], root);
      expect(built.code).toBe(0);
      const imageId = (JSON.parse(built.stdout) as Report).images[0]!.head!.imageId;
      images.push(imageId);
      const measure = () =>
        runCli(['measure', '--format', 'json', '--image', imageId, '--layer-cache', cache], root);
      const first = await measure();
      const second = await measure();
      expect([first.code, second.code]).toEqual([0, 0]);
      const layers = (JSON.parse(first.stdout) as Report).images[0]!.head!.layers.filter((l) => l.diffId);
      expect(first.stderr).toMatch(
        /Layer cache: 0 layers from the cache .*, [1-9]\d* analysed, [1-9]\d* written/,
      );
      // The image itself is kept too: the second run measures it without saving it.
      expect(second.stderr).toContain(
        `Layer cache: 1 image measured from the cache without a save, ${layers.length} layers from the cache (${layers.length} from ${cache}, 0 from this run), 0 analysed`,
      );
      const head = (run: { stdout: string }) => (JSON.parse(run.stdout) as Report).images[0]!.head;
      expect(head(second)).toEqual(head(first));
      const off = await runCli(['measure', '--format', 'json', '--layer-cache', 'off'], root);
      expect(off.code).toBe(0);
      expect(off.stderr).not.toContain('Layer cache:');
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
