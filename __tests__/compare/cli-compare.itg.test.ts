/**
 * `docker-diet compare --base-ref <ref>` as a user runs it: the bundled CLI (bundled here into a temp
 * folder, so the committed dist/ is left alone) started with node in a git checkout, building the
 * head and the base commit with the real engine. Sizes are checked against `docker image inspect`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Report } from '../../src/report/model.js';
import { formatBytesDelta } from '../../src/units/size.js';
import { BASE_IMAGES, inspectImage, removeImages } from '../support/docker-cli.js';
import { builtBy, TestRepo } from './git-fixture.js';

// Bundling takes ~15 s; each CLI run builds two small images.
jest.setTimeout(180_000);

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const NONCE = `${Date.now().toString(36)}${process.pid}`;
const GROWTH = 'RUN head -c 1500000 /dev/urandom > /growth';

describe('docker-diet compare (bundled CLI)', () => {
  let dist: string | undefined;
  let cli: string;
  let repo: TestRepo;
  let baseSha: string;
  const images: string[] = [];

  /** Runs the CLI in the repository; returns its exit code and output. */
  function dockerDiet(...args: string[]): { status: number | null; stdout: string; stderr: string } {
    const run = spawnSync('node', [cli, ...args], {
      cwd: repo.dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 150_000,
    });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  }

  beforeAll(() => {
    // scripts/test.sh bundles the working tree once for every engine's run; alone, this suite does.
    const shared = process.env.DOCKER_DIET_DIST;
    if (shared) {
      cli = path.join(shared, 'cli.js');
    } else {
      dist = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-dist-'));
      const bundle = spawnSync('node', [path.join(ROOT, 'scripts/bundle.mjs')], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, DIST_DIR: dist },
      });
      if (bundle.status !== 0) throw new Error(`bundling failed:\n${bundle.stderr}\n${bundle.stdout}`);
      cli = path.join(dist, 'cli.js');
    }

    repo = new TestRepo();
    const from = `FROM ${BASE_IMAGES.busybox}`;
    baseSha = repo.commit(
      { Dockerfile: `${from}\nRUN echo ${NONCE} > /nonce\nCOPY app.txt /app.txt\n`, 'app.txt': 'app\n' },
      'base',
    );
    repo.commit(
      { Dockerfile: `${from}\nRUN echo ${NONCE} > /nonce\nCOPY app.txt /app.txt\n${GROWTH}\n` },
      'head: grows',
    );
  });

  afterAll(() => {
    // The markdown and text runs print no image ids: find their images by docker-diet's labels.
    if (repo) removeImages(...images, ...builtBy(path.basename(repo.dir), baseSha));
    repo?.remove();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  it('prints a JSON report with the base commit built as the baseline', () => {
    const run = dockerDiet('compare', '--base-ref', baseSha, '--format', 'json');
    expect(run.stderr).not.toMatch(/this is a bug/);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    const image = report.images[0]!;
    images.push(image.head?.imageId ?? '', image.base?.imageId ?? '');
    expect(image.baseline).toMatchObject({ source: 'build', ref: baseSha });
    const witness =
      Number(inspectImage(image.head!.imageId, '{{.Size}}')) -
      Number(inspectImage(image.base!.imageId, '{{.Size}}'));
    expect(image.delta!.size).toBe(witness);
    expect(image.layerChanges.find((row) => row.status === 'added')).toMatchObject({
      instruction: { file: 'Dockerfile', line: 4, text: GROWTH },
    });
  });

  it('prints markdown with the verdict line and text with the delta, for a branch name as base-ref', () => {
    // `main~1` is the base commit; the same images come from the build cache.
    const markdown = dockerDiet('compare', '--base-ref', 'main~1', '--format', 'markdown');
    expect(markdown.status).toBe(0);
    const json = dockerDiet('compare', '--base-ref', 'main~1', '--format', 'json', '--quiet');
    expect(json.status).toBe(0);
    const image = (JSON.parse(json.stdout) as Report).images[0]!;
    images.push(image.head?.imageId ?? '', image.base?.imageId ?? '');
    const delta = formatBytesDelta(image.delta!.size);
    // The verdict line is a heading naming the image and its size with the delta.
    const verdict = markdown.stdout.split('\n').find((line) => line.startsWith('### '));
    expect(verdict).toContain(image.name);
    expect(verdict).toContain(delta);
    expect(markdown.stdout).toContain(baseSha.slice(0, 7));

    const text = dockerDiet('compare', '--base-ref', 'main~1', '--format', 'text');
    expect(text.status).toBe(0);
    expect(text.stdout).toContain(delta);
  });
});
