// `docker-diet images` in a real git repository: the matrix follows git's view of the tree, as the
// lint step does (git-ignored and vendored Dockerfiles are not images to build).
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
});
