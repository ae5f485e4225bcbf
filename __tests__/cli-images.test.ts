// `docker-diet images`: the matrix a first workflow job prints, as one line of JSON or as text.
import { describe, expect, it } from '@jest/globals';
import type { Matrix } from '../src/discover/images.js';
import { runCli, workspace } from './lint/cli-harness.js';

const FROM = 'FROM alpine:3.20\n';

describe('docker-diet images', () => {
  it('prints {"include": [...]} on one line by default, leaving out the config file\'s ignore-paths', async () => {
    const root = workspace({
      'api/Dockerfile': FROM,
      'web/Dockerfile.prod': FROM,
      'old/Dockerfile': FROM,
      '.docker-diet.yml': 'ignore-paths: [old/**]\n',
    });
    const run = await runCli(['images'], root);
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    const matrix = JSON.parse(run.stdout) as Matrix;
    expect(matrix.include.map((i) => [i.name, i.dockerfile, i.context])).toEqual([
      ['api', 'api/Dockerfile', 'api'],
      ['web-prod', 'web/Dockerfile.prod', 'web'],
    ]);
  });

  it('prints text with --format text', async () => {
    const root = workspace({ 'api/Dockerfile': FROM });
    const run = await runCli(['images', '--format', 'text'], root);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('api  api/Dockerfile  (context api)\n');
  });

  it('fails with exit 2 when a named --config does not exist', async () => {
    const root = workspace({ 'api/Dockerfile': FROM });
    const run = await runCli(['images', '--config', 'missing.yml'], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('missing.yml');
  });
});
