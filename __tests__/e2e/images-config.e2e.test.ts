/**
 * The bundled action with a config file's `images:` list, as the runner starts it: `discover: true`
 * lists the entries in the matrix, a bad entry fails with one error line, and a run named like an
 * entry builds that entry (the runner passes `context: .`, action.yml's default, when unset).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Report } from '../../src/report/model.js';
import { BASE_IMAGES, removeImages } from '../support/docker-cli.js';
import { runAction } from '../support/runner.js';

const CONFIG = [
  'images:',
  '  - name: api',
  '    dockerfile: services/api/Dockerfile',
  '    context: .',
  '    target: runtime',
  '    build-args: { KB: 321 }',
].join('\n');

describe('dist/index.js with images: in the config file', () => {
  let workspace: string;
  const images: string[] = [];
  const write = (file: string, text: string): void => {
    mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
    writeFileSync(path.join(workspace, file), text);
  };

  beforeAll(() => {
    workspace = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-images-'));
    write(
      'services/api/Dockerfile',
      [
        `FROM ${BASE_IMAGES.busybox} AS runtime`,
        'ARG KB=1',
        'RUN head -c "${KB}000" /dev/urandom > /blob',
        'COPY shared/data.txt /data.txt',
        'FROM runtime AS debug',
        'RUN echo debug > /debug',
        '',
      ].join('\n'),
    );
    write('shared/data.txt', 'data\n');
    write('worker/Dockerfile', `FROM ${BASE_IMAGES.busybox}\n`);
    write('.docker-diet.yml', `${CONFIG}\n`);
  });

  afterAll(() => {
    removeImages(...images);
    rmSync(workspace, { recursive: true, force: true });
  });

  it('with discover: true, sets the matrix from the entries and the other Dockerfiles', () => {
    const run = runAction(
      { discover: 'true', context: '.', config: '.docker-diet.yml' },
      { GITHUB_WORKSPACE: workspace, DOCKER_HOST: 'tcp://127.0.0.1:1' },
    );
    expect(run.stdout).not.toContain('::error');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.outputs.matrix ?? '')).toEqual({
      include: [
        {
          name: 'api',
          dockerfile: 'services/api/Dockerfile',
          context: '.',
          target: 'runtime',
          buildArgs: 'KB=321',
        },
        { name: 'worker', dockerfile: 'worker/Dockerfile', context: 'worker', target: '', buildArgs: '' },
      ],
    });
  });

  it('fails discovery with one error line naming an entry whose Dockerfile is missing', () => {
    write('bad.yml', `${CONFIG}\n  - name: gone\n    dockerfile: gone/Dockerfile\n`);
    const run = runAction(
      { discover: 'true', config: 'bad.yml' },
      { GITHUB_WORKSPACE: workspace, DOCKER_HOST: 'tcp://127.0.0.1:1' },
    );
    expect(run.status).toBe(2);
    const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('bad.yml: images[1].dockerfile: gone/Dockerfile does not exist');
    expect(run.stdout + run.stderr).not.toMatch(/^\s+at /m);
    expect(run.outputs.matrix).toBeUndefined();
  });

  it("builds the entry's Dockerfile, context, target and build args for a run of its name", () => {
    const run = runAction(
      { name: 'api', context: '.', config: '.docker-diet.yml', comment: 'false' },
      { GITHUB_WORKSPACE: workspace },
    );
    expect(run.stdout).not.toContain('::error');
    expect(run.status).toBe(0);
    images.push(run.outputs['image-id'] ?? '');
    const report = JSON.parse(readFileSync(run.outputs.report ?? '', 'utf8')) as Report;
    const image = report.images[0]!;
    expect(image).toMatchObject({
      name: 'api',
      dockerfile: 'services/api/Dockerfile',
      context: '.',
      target: 'runtime',
    });
    const own = image.head!.layers.filter((l) => !l.fromBase && l.diffId !== null);
    expect(own.map((l) => [l.instruction?.line, l.size])).toEqual([
      [3, 321_000],
      [4, 5],
    ]);
  });
});
