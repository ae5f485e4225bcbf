/**
 * The bundled action as the runner starts it: inputs from INPUT_* variables, outputs and summary
 * written to the runner's files, and bad inputs failing with one clear line.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BASE_IMAGES, inspectImage, removeImages } from '../support/docker-cli.js';
import { runAction } from '../support/runner.js';

describe('dist/index.js as the runner runs it', () => {
  let workspace: string;
  const images: string[] = [];

  beforeAll(() => {
    workspace = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-action-'));
    writeFileSync(
      path.join(workspace, 'Dockerfile'),
      `FROM ${BASE_IMAGES.busybox}\nRUN head -c 500000 /dev/urandom > /data\n`,
    );
  });

  afterAll(() => {
    removeImages(...images);
    rmSync(workspace, { recursive: true, force: true });
  });

  it.each([
    ['max-size', '12 parsecs', 'max-size: "12 parsecs" is not a size; use e.g. 150MB, 1.2GiB or 150000000'],
    ['fail-on', 'sometimes', 'fail-on: "sometimes" is not one of error, warning, info, none'],
    ['max-increase', '5 percent', 'max-increase: "5 percent" is not a size or a percentage'],
    ['layer-cache-size', 'lots', 'layer-cache-size: "lots" is not a size'],
  ])('rejects %s=%j with one error line and exit 2', (name, value, message) => {
    const run = runAction({ [name]: value }, { GITHUB_WORKSPACE: workspace });
    expect(run.status).toBe(2);
    const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(message);
    expect(run.stdout + run.stderr).not.toMatch(/^\s+at /m);
  });

  it('says what to do when no engine answers, without a stack trace', () => {
    const run = runAction({}, { GITHUB_WORKSPACE: workspace, DOCKER_HOST: 'tcp://127.0.0.1:1' });
    expect(run.status).toBe(2);
    expect(run.stdout).toMatch(
      /::error::No Docker engine answers at tcp:\/\/127\.0\.0\.1:1 \(from DOCKER_HOST: /,
    );
    expect(run.stdout + run.stderr).not.toMatch(/^\s+at /m);
  });

  it('with discover: true, only sets the matrix output, needing no engine', () => {
    const run = runAction(
      { discover: 'true' },
      { GITHUB_WORKSPACE: workspace, DOCKER_HOST: 'tcp://127.0.0.1:1' },
    );
    expect(run.stdout).not.toContain('::error');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.outputs.matrix ?? '')).toEqual({
      include: [
        {
          name: path.basename(workspace),
          dockerfile: 'Dockerfile',
          context: '.',
          target: '',
          buildArgs: '',
        },
      ],
    });
    expect(run.outputs['image-id']).toBeUndefined();
  });

  it('builds, sets the outputs and writes the summary', () => {
    const run = runAction({ name: 'runner-itg', 'max-size': '1GB' }, { GITHUB_WORKSPACE: workspace });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const id = run.outputs['image-id'] ?? '';
    images.push(id);
    expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(run.outputs.size).toBe(inspectImage(id, '{{.Size}}'));
    expect(run.outputs['budget-status']).toBe('pass');
    const report = JSON.parse(readFileSync(run.outputs.report ?? '', 'utf8')) as { schemaVersion: number };
    expect(report.schemaVersion).toBe(1);
    expect(run.summary).toContain('runner-itg');
  });

  it("keeps layer analyses in the runner's tool cache and reads them back on the next run", () => {
    const toolCache = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-tool-cache-'));
    try {
      const env = { GITHUB_WORKSPACE: workspace, RUNNER_TOOL_CACHE: toolCache };
      // Built once without the cache, then measured twice as `image`: a second build could miss the
      // build cache (a busy engine may collect it) and make a new random layer.
      const off = runAction({ comment: 'false', 'layer-cache': 'off' }, env);
      expect(off.status).toBe(0);
      expect(off.stdout).not.toContain('Layer cache:');
      const image = off.outputs['image-id'] ?? '';
      images.push(image);
      const first = runAction({ comment: 'false', image }, env);
      const second = runAction({ comment: 'false', image }, env);
      expect([first.status, second.status]).toEqual([0, 0]);
      const folder = path.join(toolCache, 'docker-diet');
      expect(first.stdout).toMatch(/Layer cache: 0 layers from the cache .*, [1-9]\d* analysed/);
      expect(second.stdout).toMatch(
        new RegExp(
          // The image itself is kept too: the second run measures it without saving it.
          `Layer cache: 1 image measured from the cache without a save, (\\d+) layers from the cache \\(\\1 from ${folder}, 0 from this run\\), 0 analysed`,
        ),
      );
    } finally {
      rmSync(toolCache, { recursive: true, force: true });
    }
  });
});
