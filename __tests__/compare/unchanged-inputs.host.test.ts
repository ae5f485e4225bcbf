/**
 * When the base commit's build would read what the head build read, with the real git CLI: a change
 * outside the context, or to a file `.dockerignore` keeps out, leaves the inputs unchanged; a change to
 * the Dockerfile, `.dockerignore` or any file the engine receives (tracked or not, ignored by git or
 * not) does not, and neither does anything the check cannot see.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { changedBuildInput } from '../../src/compare/unchanged-inputs.js';
import { TestRepo } from './git-fixture.js';

describe('changedBuildInput', () => {
  const repos: TestRepo[] = [];
  afterAll(() => repos.forEach((repo) => repo.remove()));

  /** A repository with a service in `svc/` and a base commit; returns the settings of its build. */
  function service(dockerignore = 'tmp\n*.log\n') {
    const repo = new TestRepo('docker-diet-unchanged-');
    repos.push(repo);
    const base = repo.commit(
      {
        'svc/Dockerfile': 'FROM scratch\nCOPY . /app\n',
        'svc/.dockerignore': dockerignore,
        'svc/main.go': 'package main\n',
        'svc/tmp/cache.txt': 'cache\n',
        'README.md': 'readme\n',
      },
      'base',
    );
    const settings = {
      context: path.join(repo.dir, 'svc'),
      dockerfile: path.join(repo.dir, 'svc', 'Dockerfile'),
      image: undefined as string | undefined,
      buildContexts: {} as Record<string, string>,
    };
    return { repo, base, settings };
  }

  it('finds nothing changed when only files outside the context or kept out by .dockerignore changed', async () => {
    const { repo, base, settings } = service('tmp\n*.log\nnode_modules\n');
    repo.commit(
      { 'README.md': 'new readme\n', 'svc/tmp/cache.txt': 'other\n', 'svc/debug.log': 'x\n' },
      'head',
    );
    writeFileSync(path.join(repo.dir, 'svc', 'tmp', 'untracked.txt'), 'scratch\n');
    // An untracked dependency folder the context leaves out (git lists it once, as a folder).
    mkdirSync(path.join(repo.dir, 'svc', 'node_modules', 'pkg'), { recursive: true });
    writeFileSync(path.join(repo.dir, 'svc', 'node_modules', 'pkg', 'index.js'), 'module.exports = 1;\n');
    expect(await changedBuildInput(repo.dir, base, settings)).toBeUndefined();
  });

  it('names the change when the Dockerfile, .dockerignore or a file the engine receives changed', async () => {
    const cases: Array<[Record<string, string | null>, string]> = [
      [{ 'svc/Dockerfile': 'FROM scratch\nCOPY . /srv\n' }, 'svc/Dockerfile changed'],
      [{ 'svc/.dockerignore': 'tmp\n' }, 'svc/.dockerignore changed'],
      [{ 'svc/main.go': 'package main // v2\n' }, 'svc/main.go changed'],
      [{ 'svc/main.go': null }, 'svc/main.go changed'],
      [{ 'svc/api.Dockerfile.dockerignore': 'x\n' }, 'svc/api.Dockerfile.dockerignore changed'],
    ];
    for (const [files, reason] of cases) {
      const { repo, base, settings } = service();
      repo.commit(files, 'head');
      expect(await changedBuildInput(repo.dir, base, settings)).toBe(reason);
    }
  });

  it('counts uncommitted, untracked and git-ignored files: the engine receives them all', async () => {
    const edited = service();
    writeFileSync(path.join(edited.repo.dir, 'svc', 'main.go'), 'package main // edited\n');
    expect(await changedBuildInput(edited.repo.dir, edited.base, edited.settings)).toBe(
      'svc/main.go changed',
    );

    const untracked = service();
    writeFileSync(path.join(untracked.repo.dir, 'svc', 'new.go'), 'package main\n');
    expect(await changedBuildInput(untracked.repo.dir, untracked.base, untracked.settings)).toBe(
      'svc/new.go changed',
    );

    const ignoredByGit = service();
    ignoredByGit.repo.commit({ '.gitignore': 'build/\n' }, 'ignore build/');
    mkdirSync(path.join(ignoredByGit.repo.dir, 'svc', 'build'));
    writeFileSync(path.join(ignoredByGit.repo.dir, 'svc', 'build', 'app'), 'binary\n');
    expect(await changedBuildInput(ignoredByGit.repo.dir, ignoredByGit.base, ignoredByGit.settings)).toBe(
      'svc/build/ changed',
    );
  });

  it('follows .dockerignore exceptions: a file brought back from an excluded folder counts', async () => {
    const { repo, base, settings } = service('tmp\n!tmp/keep.txt\n');
    repo.commit({ 'svc/tmp/cache.txt': 'other\n' }, 'excluded file');
    expect(await changedBuildInput(repo.dir, base, settings)).toBeUndefined();
    repo.commit({ 'svc/tmp/keep.txt': 'kept\n' }, 'excepted file');
    expect(await changedBuildInput(repo.dir, base, settings)).toBe('svc/tmp/keep.txt changed');
  });

  it('says the base must be built for an image not built here, extra contexts, or an unknown commit', async () => {
    const { repo, base, settings } = service();
    expect(await changedBuildInput(repo.dir, base, { ...settings, image: 'app:1' })).toMatch(/not built/);
    expect(
      await changedBuildInput(repo.dir, base, { ...settings, buildContexts: { shared: '../shared' } }),
    ).toMatch(/other build contexts/);
    expect(await changedBuildInput(repo.dir, 'f'.repeat(40), settings)).toMatch(/^git could not tell/);
    // buildx would read the Dockerfile's own ignore file, which the check does not follow.
    writeFileSync(path.join(repo.dir, 'svc', 'Dockerfile.dockerignore'), 'tmp\n');
    expect(await changedBuildInput(repo.dir, base, settings)).toBe(
      'svc/Dockerfile.dockerignore decides what the build reads',
    );
  });
});
