// Image discovery for a matrix: one entry per Dockerfile, stable order, configured entries standing
// for the Dockerfiles they name, and unique names (they key the comment's sections).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { discoverImages, renderImagesText, toMatrix } from '../../src/discover/images.js';
import { DietError } from '../../src/errors.js';
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

  it('lists configured entries as written and leaves out the Dockerfiles they name', async () => {
    const root = workspace({ 'a/Dockerfile': FROM, 'b/Dockerfile': FROM });
    const configured = [
      {
        name: 'zz-api',
        dockerfile: 'a/Dockerfile',
        context: '.',
        target: 'runtime',
        buildArgs: ['VERSION=1'],
      },
      { name: 'a-debug', dockerfile: 'a/Dockerfile', context: 'a', target: 'debug', buildArgs: [] },
    ];
    const images = await discoverImages({ workspace: root, configured });
    expect(images.map((i) => `${i.name} ${i.dockerfile} ${i.context} ${i.target} ${i.buildArgs}`)).toEqual([
      'a-debug a/Dockerfile a debug ',
      'b b/Dockerfile b  ',
      'zz-api a/Dockerfile . runtime VERSION=1',
    ]);
  });

  it('lists a configured entry even when ignore-paths leaves its Dockerfile out of linting', async () => {
    const root = workspace({ 'legacy/Dockerfile': FROM });
    const configured = [
      { name: 'legacy', dockerfile: 'legacy/Dockerfile', context: 'legacy', buildArgs: [] },
    ];
    const images = await discoverImages({ workspace: root, ignorePaths: ['legacy/**'], configured });
    expect(images.map((i) => i.name)).toEqual(['legacy']);
  });

  it('refuses an entry whose Dockerfile does not exist, naming the entry and the path', async () => {
    const root = workspace({ 'a/Dockerfile': FROM, 'b/Dockerfile/x': FROM });
    const configured = [
      { name: 'a', dockerfile: 'a/Dockerfile', context: 'a', buildArgs: [] },
      { name: 'gone', dockerfile: 'gone/Dockerfile', context: '.', buildArgs: [] },
      { name: 'dir', dockerfile: 'b/Dockerfile', context: '.', buildArgs: [] },
    ];
    const error = await discoverImages({
      workspace: root,
      configured,
      configLabel: '.docker-diet.yml',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DietError);
    expect((error as DietError).message).toBe(
      `.docker-diet.yml: images[1].dockerfile: gone/Dockerfile does not exist (looked for ${path.join(root, 'gone/Dockerfile')}); fix the path or remove the entry\n` +
        `.docker-diet.yml: images[2].dockerfile: b/Dockerfile is not a file (looked for ${path.join(root, 'b/Dockerfile')}); fix the path or remove the entry`,
    );
  });

  it('keeps a configured name and gives a clashing discovered one a numeric suffix', async () => {
    const root = workspace({ Dockerfile: FROM, 'x/Dockerfile': FROM, 'y/Dockerfile': FROM });
    const clash = path.basename(root);
    const images = await discoverImages({
      workspace: root,
      configured: [{ name: clash, dockerfile: 'x/Dockerfile', context: 'x', buildArgs: [] }],
    });
    expect(images.map((i) => `${i.name} ${i.dockerfile}`)).toEqual([
      `${clash} x/Dockerfile`,
      `${clash}-2 Dockerfile`,
      'y y/Dockerfile',
    ]);
  });

  it('gives discovered Dockerfiles that derive the same name a numeric suffix in sorted order', async () => {
    const root = workspace({ Dockerfile: FROM });
    const name = path.basename(root);
    // A sub-folder named like the workspace derives the same name as the root Dockerfile.
    mkdirSync(path.join(root, name));
    writeFileSync(path.join(root, name, 'Dockerfile'), FROM);
    expect((await discoverImages({ workspace: root })).map((i) => `${i.name} ${i.dockerfile}`)).toEqual([
      `${name} Dockerfile`,
      `${name}-2 ${name}/Dockerfile`,
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
