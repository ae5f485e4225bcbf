/**
 * A single run whose name is an `images:` entry's, against the real engine: the entry's Dockerfile,
 * context, target, build args and budgets are what gets built and judged, and the flags that are set win.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from '@jest/globals';
import type { Report } from '../../src/report/model.js';
import { runCli as runCliIn, workspace } from '../lint/cli-harness.js';
import { BASE_IMAGES, removeImages } from '../support/docker-cli.js';
import { engineEnv } from '../support/engine-env.js';

const DOCKERFILE = [
  `FROM ${BASE_IMAGES.busybox} AS runtime`,
  'ARG KB=1',
  'RUN head -c "${KB}000" /dev/urandom > /blob',
  // Only the workspace root as context has this file: the entry's context is what was sent.
  'COPY shared/data.txt /data.txt',
  'FROM runtime AS debug',
  'RUN head -c 5000 /dev/urandom > /debug',
  '',
].join('\n');

const CONFIG = [
  'images:',
  '  - name: api',
  '    dockerfile: services/api/Dockerfile',
  '    context: .',
  '    target: runtime',
  '    build-args: { KB: 987 }',
  '    budgets: { max-size: 1KB }',
  '',
].join('\n');

const runCli = (argv: string[], cwd: string) =>
  runCliIn(argv, cwd, { env: { PATH: process.env.PATH, ...engineEnv() }, engine: true });

describe('a run named like an images: entry', () => {
  const root = workspace({
    'services/api/Dockerfile': DOCKERFILE,
    'shared/data.txt': 'data\n',
    '.docker-diet.yml': CONFIG,
  });
  const images: string[] = [];
  afterAll(() => {
    removeImages(...images);
    rmSync(root, { recursive: true, force: true });
  });

  /** The layers with bytes the Dockerfile added, as [line, size]. */
  const ownLayers = (report: Report) =>
    report.images[0]!.head!.layers.filter((l) => !l.fromBase && l.diffId !== null).map((l) => [
      l.instruction?.line,
      l.size,
    ]);

  it("builds the entry's Dockerfile, context, target and build args, and checks its budgets", async () => {
    const run = await runCli(['measure', '--name', 'api', '--format', 'json', '--quiet'], root);
    const report = JSON.parse(run.stdout) as Report;
    const image = report.images[0]!;
    images.push(image.head!.imageId);
    expect(image).toMatchObject({
      name: 'api',
      dockerfile: 'services/api/Dockerfile',
      context: '.',
      target: 'runtime',
    });
    // The build arg reached the build: the blob is KB thousand bytes; the copied file 5 bytes. (A
    // value of 4 characters or more would be hidden in the output, as every build-arg value is.)
    expect(ownLayers(report)).toEqual([
      [3, 987_000],
      [4, 5],
    ]);
    // The entry's budget applies to its name: over 1 KB fails the run.
    expect(image.budget.status).toBe('fail');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('api is over budget');
  });

  it('lets the flags that are set win over the entry', async () => {
    const run = await runCli(
      ['measure', '--name', 'api', '--target', 'debug', '--build-arg', 'KB=2', '--format', 'json', '--quiet'],
      root,
    );
    expect(run.stderr).not.toContain('error');
    const report = JSON.parse(run.stdout) as Report;
    images.push(report.images[0]!.head!.imageId);
    expect(report.images[0]).toMatchObject({
      dockerfile: 'services/api/Dockerfile',
      context: '.',
      target: 'debug',
    });
    expect(ownLayers(report)).toEqual([
      [3, 2000],
      [4, 5],
      [6, 5000],
    ]);
    // The budget stays the entry's: it belongs to the name, not to what the flags build.
    expect(report.images[0]!.budget.status).toBe('fail');
  });
});
