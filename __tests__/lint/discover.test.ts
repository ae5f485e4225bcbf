import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { DietError } from '../../src/errors.js';
import { discoverDockerfiles, walk } from '../../src/lint/discover.js';

/** A temp tree with these files (content = their path). */
function tree(files: string[]): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-discover-'));
  for (const file of files) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), `# ${file}\nFROM scratch\n`);
  }
  return root;
}

const FILES = [
  'Dockerfile',
  'README.md',
  'services/api/Dockerfile',
  'services/api/Dockerfile.dockerignore',
  'services/web/web.Dockerfile',
  'services/worker/Dockerfile.dev',
  'legacy/Dockerfile',
  'node_modules/pkg/Dockerfile',
  'vendor/lib/Dockerfile',
  '.devcontainer/Dockerfile',
  'tools/.hidden/Dockerfile',
  'docs/dockerfile',
];

const files = (found: { files: { file: string; reason: string }[] }) =>
  found.files.map((f) => `${f.file} (${f.reason})`);

describe('discoverDockerfiles', () => {
  const root = tree(FILES);
  const base = { workspace: root, listFiles: walk };

  it('defaults to every Dockerfile, skipping node_modules, vendor, .devcontainer and .dockerignore files', async () => {
    expect(files(await discoverDockerfiles({ ...base, patterns: [] }))).toEqual([
      'Dockerfile (glob)',
      'legacy/Dockerfile (glob)',
      'services/api/Dockerfile (glob)',
      'services/web/web.Dockerfile (glob)',
      'services/worker/Dockerfile.dev (glob)',
      'tools/.hidden/Dockerfile (glob)',
    ]);
  });

  it('lints a development container named outright', async () => {
    const found = await discoverDockerfiles({ ...base, patterns: ['.devcontainer/Dockerfile'] });
    expect(files(found)).toEqual(['.devcontainer/Dockerfile (explicit)']);
  });

  it('takes globs, negations and ignore-paths; explicit paths bypass ignore-paths', async () => {
    const found = await discoverDockerfiles({
      ...base,
      patterns: ['services/**/Dockerfile*', '!**/*.dev', './legacy/Dockerfile'],
      ignorePaths: ['legacy/**', 'services/web/**'],
    });
    expect(files(found)).toEqual(['legacy/Dockerfile (explicit)', 'services/api/Dockerfile (glob)']);
    expect(found.unmatched).toEqual([]);
  });

  it('adds the Dockerfile being built once, and only when it exists', async () => {
    const built = await discoverDockerfiles({
      ...base,
      patterns: ['services/api/Dockerfile'],
      dockerfile: path.join(root, 'services/worker/Dockerfile.dev'),
    });
    expect(files(built)).toEqual([
      'services/api/Dockerfile (explicit)',
      'services/worker/Dockerfile.dev (built)',
    ]);
    const twice = await discoverDockerfiles({
      ...base,
      patterns: ['Dockerfile'],
      dockerfile: path.join(root, 'Dockerfile'),
    });
    expect(files(twice)).toEqual(['Dockerfile (explicit)']);
    const missing = await discoverDockerfiles({
      ...base,
      patterns: ['Dockerfile'],
      dockerfile: path.join(root, 'nope/Dockerfile'),
    });
    expect(files(missing)).toEqual(['Dockerfile (explicit)']);
  });

  it('a directory stands for the Dockerfiles under it', async () => {
    expect(files(await discoverDockerfiles({ ...base, patterns: ['services'] }))).toEqual([
      'services/api/Dockerfile (glob)',
      'services/web/web.Dockerfile (glob)',
      'services/worker/Dockerfile.dev (glob)',
    ]);
  });

  it('an explicit path that does not exist is a DietError naming it', async () => {
    const error = await discoverDockerfiles({ ...base, patterns: ['services/nope/Dockerfile'] }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DietError);
    expect((error as DietError).message).toBe(
      `lint: "services/nope/Dockerfile" does not exist (looked for ${path.join(root, 'services/nope/Dockerfile')})`,
    );
    expect((error as DietError).exitCode).toBe(2);
  });

  it('reports globs that matched nothing, and lists files only when a glob needs them', async () => {
    const found = await discoverDockerfiles({ ...base, patterns: ['apps/**/Dockerfile', 'Dockerfile'] });
    expect(found.unmatched).toEqual(['apps/**/Dockerfile']);
    let listed = 0;
    await discoverDockerfiles({
      workspace: root,
      patterns: ['Dockerfile'],
      listFiles: async () => {
        listed += 1;
        return [];
      },
    });
    expect(listed).toBe(0);
  });

  it('drops listed files that are gone from the work tree (deleted but still tracked)', async () => {
    const found = await discoverDockerfiles({
      workspace: root,
      patterns: [],
      listFiles: async () => ['Dockerfile', 'deleted/Dockerfile'],
    });
    expect(files(found)).toEqual(['Dockerfile (glob)']);
  });

  it('names a Dockerfile outside the workspace relative to it', async () => {
    const outside = tree(['Dockerfile']);
    const found = await discoverDockerfiles({ ...base, patterns: [path.join(outside, 'Dockerfile')] });
    expect(files(found)).toEqual([`${path.relative(root, path.join(outside, 'Dockerfile'))} (explicit)`]);
  });
});

describe('walk', () => {
  it('lists files with forward slashes, skipping node_modules, .git and vendor', async () => {
    const root = tree(['a/b/c.txt', 'node_modules/x/y', '.git/HEAD', 'vendor/z', 'd.txt', '.github/w.yml']);
    expect(await walk(root)).toEqual(['.github/w.yml', 'a/b/c.txt', 'd.txt']);
  });
});
