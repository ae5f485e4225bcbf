// Image discovery for a matrix: one entry per Dockerfile, stable order, declared entries replacing
// discovered ones, and unique names (they key the comment's sections).
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { discoverImages, renderImagesText, toMatrix } from '../../src/discover/images.js';
import { workspace } from '../lint/cli-harness.js';

const FROM = 'FROM alpine:3.20\n';

describe('discoverImages', () => {
  it('finds one image per Dockerfile, its folder as context, sorted by name', async () => {
    const root = workspace({
      'services/web/Dockerfile': FROM,
      'services/api/Dockerfile': FROM,
      'services/api/Dockerfile.worker': FROM,
      'tools/ci.Dockerfile': FROM,
      'node_modules/x/Dockerfile': FROM,
      'README.md': '# not a Dockerfile\n',
    });
    const images = await discoverImages({ workspace: root });
    expect(images).toEqual([
      {
        name: 'services/api',
        dockerfile: 'services/api/Dockerfile',
        context: 'services/api',
        target: '',
        buildArgs: '',
      },
      {
        name: 'services/api-worker',
        dockerfile: 'services/api/Dockerfile.worker',
        context: 'services/api',
        target: '',
        buildArgs: '',
      },
      {
        name: 'services/web',
        dockerfile: 'services/web/Dockerfile',
        context: 'services/web',
        target: '',
        buildArgs: '',
      },
      { name: 'tools-ci', dockerfile: 'tools/ci.Dockerfile', context: 'tools', target: '', buildArgs: '' },
    ]);
  });

  it('names the root Dockerfile after the workspace folder with context "."', async () => {
    const root = workspace({ Dockerfile: FROM });
    expect(await discoverImages({ workspace: root })).toEqual([
      { name: path.basename(root), dockerfile: 'Dockerfile', context: '.', target: '', buildArgs: '' },
    ]);
  });

  it('leaves out ignore-paths', async () => {
    const root = workspace({ 'a/Dockerfile': FROM, 'legacy/Dockerfile': FROM });
    const images = await discoverImages({ workspace: root, ignorePaths: ['legacy/**'] });
    expect(images.map((i) => i.dockerfile)).toEqual(['a/Dockerfile']);
  });

  it('lets a declared entry replace the discovered one for the same Dockerfile, without duplicates', async () => {
    const root = workspace({ 'a/Dockerfile': FROM, 'b/Dockerfile': FROM });
    const declared = {
      name: 'zz-api',
      dockerfile: './a/Dockerfile',
      context: '.',
      target: 'runtime',
      buildArgs: 'VERSION=1',
    };
    const images = await discoverImages({ workspace: root, declared: [declared] });
    expect(images.map((i) => `${i.name} ${i.dockerfile} ${i.context} ${i.target}`)).toEqual([
      'b b/Dockerfile b ',
      'zz-api a/Dockerfile . runtime',
    ]);
  });

  it('gives clashing names a numeric suffix so no two jobs share a comment section', async () => {
    const root = workspace({ Dockerfile: FROM, 'x/Dockerfile': FROM });
    const clash = path.basename(root);
    const images = await discoverImages({
      workspace: root,
      declared: [{ name: clash, dockerfile: 'x/Dockerfile', context: 'x', target: '', buildArgs: '' }],
    });
    expect(images.map((i) => `${i.name} ${i.dockerfile}`)).toEqual([
      `${clash} Dockerfile`,
      `${clash}-2 x/Dockerfile`,
    ]);
  });
});

describe('toMatrix and renderImagesText', () => {
  const images = [
    { name: 'api', dockerfile: 'api/Dockerfile', context: 'api', target: 'prod', buildArgs: 'A=1\nB=2' },
    { name: 'web', dockerfile: 'web/Dockerfile', context: 'web', target: '', buildArgs: '' },
  ];

  it('wraps the images in {"include": [...]}', () => {
    expect(toMatrix(images)).toEqual({ include: images });
  });

  it('prints one aligned line per image, and says when there is none', () => {
    expect(renderImagesText(images)).toBe(
      'api  api/Dockerfile  (context api; target prod; build args A=1, B=2)\n' +
        'web  web/Dockerfile  (context web)\n',
    );
    expect(renderImagesText([])).toBe('No Dockerfiles found.\n');
  });
});
