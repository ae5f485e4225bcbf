// `docker-diet images` in a real git repository: the matrix follows git's view of the tree, as the
// lint step does (git-ignored and vendored Dockerfiles are not images to build), and the config
// file's images: entries are listed as written.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { Matrix } from '../../src/discover/images.js';
import { makeRepo } from '../git/repo-fixture.js';
import { runCli } from '../lint/cli-harness.js';

describe('docker-diet images in a git repository', () => {
  it('lists committed and new Dockerfiles, not git-ignored or vendored ones', async () => {
    const root = makeRepo(
      ['services/api/Dockerfile', 'vendor/x/Dockerfile'],
      ['services/web/Dockerfile', 'build/Dockerfile.gen'],
      'build/\n',
    );
    const run = await runCli(['images'], root);
    expect(run.code).toBe(0);
    const matrix = JSON.parse(run.stdout) as Matrix;
    expect(matrix.include.map((i) => `${i.name} ${i.context}`)).toEqual([
      'services/api services/api',
      'services/web services/web',
    ]);
  });

  it('lists the config entries, even for a git-ignored Dockerfile, and the tracked Dockerfiles they leave', async () => {
    const root = makeRepo(
      ['services/api/Dockerfile', 'services/web/Dockerfile'],
      ['build/Dockerfile.gen'],
      'build/\n',
    );
    writeFileSync(
      path.join(root, '.docker-diet.yml'),
      [
        'images:',
        '  - name: api',
        '    dockerfile: services/api/Dockerfile',
        '    context: .',
        '    build-args: { VERSION: "1.0" }',
        '  - name: generated',
        '    dockerfile: build/Dockerfile.gen',
      ].join('\n'),
    );
    const run = await runCli(['images'], root);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const matrix = JSON.parse(run.stdout) as Matrix;
    expect(matrix.include.map((i) => `${i.name} ${i.dockerfile} ${i.context} ${i.buildArgs}`)).toEqual([
      'api services/api/Dockerfile . VERSION=1.0',
      'generated build/Dockerfile.gen build ',
      'services/web services/web/Dockerfile services/web ',
    ]);
  });
});
