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

  it("lists the config file's images: entries first-class, sorted by name with the other Dockerfiles", async () => {
    const root = workspace({
      'api/Dockerfile': FROM,
      'web/Dockerfile': FROM,
      'docker-diet.yml': [
        'images:',
        '  - name: z-api',
        '    dockerfile: api/Dockerfile',
        '    context: .',
        '    target: prod',
        '    build-args: [A=1, B=2]',
      ].join('\n'),
    });
    const run = await runCli(['images', '--format', 'text', '--config', 'docker-diet.yml'], root);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      'web    web/Dockerfile  (context web)\n' +
        'z-api  api/Dockerfile  (context .; target prod; build args A=1, B=2)\n',
    );
    const json = await runCli(['images', '--config', 'docker-diet.yml'], root);
    expect((JSON.parse(json.stdout) as Matrix).include[1]).toEqual({
      name: 'z-api',
      dockerfile: 'api/Dockerfile',
      context: '.',
      target: 'prod',
      buildArgs: 'A=1\nB=2',
    });
  });

  it('fails with exit 2 and one line per problem for a bad images: entry', async () => {
    const root = workspace({
      'api/Dockerfile': FROM,
      '.docker-diet.yml':
        'images:\n  - { name: api, dockerfile: api/Dockerfile, contxt: . }\n  - { name: api, dockerfile: api/Dockerfile }\n',
    });
    const run = await runCli(['images'], root);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('.docker-diet.yml: images[0].contxt: unknown key (did you mean context?)');
    expect(run.stderr).toContain('.docker-diet.yml: images[1].name: "api" is already the name of images[0]');
    expect(run.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('fails with exit 2 when an entry names a Dockerfile that does not exist', async () => {
    const root = workspace({ '.docker-diet.yml': 'images:\n  - dockerfile: svc/Dockerfile\n' });
    const run = await runCli(['images'], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('.docker-diet.yml: images[0].dockerfile: svc/Dockerfile does not exist');
  });

  it('fails with exit 2 when a named --config does not exist', async () => {
    const root = workspace({ 'api/Dockerfile': FROM });
    const run = await runCli(['images', '--config', 'missing.yml'], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('missing.yml');
  });
});
