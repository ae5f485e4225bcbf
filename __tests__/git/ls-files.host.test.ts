import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { GitError, runGit } from '../../src/git/git.js';
import { listGitFiles } from '../../src/git/ls-files.js';
import { makeRepo } from './repo-fixture.js';

describe('listGitFiles', () => {
  it('lists tracked and new unignored files, not ignored ones, with odd names intact', async () => {
    const root = makeRepo(
      ['Dockerfile', 'svc/a b/Dockerfile', 'svc/ünï/Dockerfile', 'build/keep.Dockerfile'],
      ['new/Dockerfile', 'build/out/Dockerfile'],
      'build/out/\n',
    );
    expect((await listGitFiles(root))?.sort()).toEqual([
      '.gitignore',
      'Dockerfile',
      'build/keep.Dockerfile',
      'new/Dockerfile',
      'svc/a b/Dockerfile',
      'svc/ünï/Dockerfile',
    ]);
  });

  it('in a subdirectory, lists paths relative to it', async () => {
    const root = makeRepo(['Dockerfile', 'svc/api/Dockerfile', 'svc/web/Dockerfile']);
    expect((await listGitFiles(path.join(root, 'svc')))?.sort()).toEqual([
      'api/Dockerfile',
      'web/Dockerfile',
    ]);
  });

  it('still lists a tracked file deleted from the work tree (the caller checks existence)', async () => {
    const root = makeRepo(['Dockerfile', 'gone/Dockerfile']);
    rmSync(path.join(root, 'gone'), { recursive: true });
    expect(await listGitFiles(root)).toContain('gone/Dockerfile');
  });

  it('is undefined outside a repository', async () => {
    const plain = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-nogit-'));
    expect(await listGitFiles(plain)).toBeUndefined();
  });
});

describe('runGit', () => {
  it('resolves with stdout, and rejects with a GitError carrying git’s stderr', async () => {
    const root = makeRepo(['Dockerfile']);
    expect((await runGit(['rev-parse', '--is-inside-work-tree'], root)).trim()).toBe('true');
    const error = await runGit(['rev-parse', 'no-such-ref'], root).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitError);
    expect((error as GitError).message).toMatch(/^git rev-parse no-such-ref failed: .*no-such-ref/);
  });
});
