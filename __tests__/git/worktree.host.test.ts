/**
 * Real git repositories: a base and a head commit, a shallow clone that lacks the base commit, and a
 * worktree that is removed even when the work inside it fails.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ensureCommit,
  existsAtCommit,
  repositoryRoot,
  resolveCommit,
  withWorktree,
} from '../../src/git/worktree.js';

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@e',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@e',
    },
  }).trim();

describe('base commit worktrees', () => {
  let root: string;
  let origin: string;
  let baseSha: string;
  let headSha: string;

  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-git-'));
    origin = path.join(root, 'origin');
    execFileSync('git', ['init', '-q', '-b', 'main', origin]);
    writeFileSync(path.join(origin, 'Dockerfile'), 'FROM scratch\nCOPY a /a\n');
    writeFileSync(path.join(origin, 'a'), 'base\n');
    git(origin, 'add', '.');
    git(origin, 'commit', '-qm', 'base');
    baseSha = git(origin, 'rev-parse', 'HEAD');
    writeFileSync(path.join(origin, 'a'), 'head\n');
    writeFileSync(path.join(origin, 'Dockerfile.new'), 'FROM scratch\n');
    git(origin, 'add', '.');
    git(origin, 'commit', '-qm', 'head');
    headSha = git(origin, 'rev-parse', 'HEAD');
    // GitHub serves any reachable commit by SHA; a plain repository must be told to.
    git(origin, 'config', 'uploadpack.allowAnySHA1InWant', 'true');
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('checks out the base commit and removes the worktree afterwards', async () => {
    let seen = '';
    const dir = await withWorktree(origin, baseSha, async (checkout) => {
      seen = readFileSync(path.join(checkout.dir, 'a'), 'utf8');
      return checkout.dir;
    });
    expect(seen).toBe('base\n');
    expect(existsSync(dir)).toBe(false);
    expect(git(origin, 'worktree', 'list')).not.toContain(dir);
  });

  it('removes the worktree when the work fails', async () => {
    let dir = '';
    await expect(
      withWorktree(origin, baseSha, async (checkout) => {
        dir = checkout.dir;
        throw new Error('build failed');
      }),
    ).rejects.toThrow('build failed');
    expect(existsSync(dir)).toBe(false);
  });

  it('knows which files exist at which commit', async () => {
    expect(await existsAtCommit(origin, headSha, 'Dockerfile.new')).toBe(true);
    expect(await existsAtCommit(origin, baseSha, 'Dockerfile.new')).toBe(false);
    expect(await resolveCommit(origin, 'main~1')).toBe(baseSha);
    expect(await resolveCommit(origin, 'no-such-branch')).toBeUndefined();
    expect(await repositoryRoot(path.join(origin))).toBe(origin);
    expect(await repositoryRoot(os.tmpdir())).toBeUndefined();
  });

  it('fetches the base commit into a shallow clone that lacks it', async () => {
    const clone = path.join(root, 'shallow');
    execFileSync('git', ['clone', '-q', '--depth=1', `file://${origin}`, clone]);
    expect(await resolveCommit(clone, baseSha)).toBeUndefined();
    const messages: string[] = [];
    expect(await ensureCommit(clone, baseSha, (m) => messages.push(m))).toBe(baseSha);
    expect(messages[0]).toContain('not in this checkout');
    const content = await withWorktree(clone, baseSha, async (c) =>
      readFileSync(path.join(c.dir, 'a'), 'utf8'),
    );
    expect(content).toBe('base\n');
  });

  it('gives up cleanly on a commit origin does not have', async () => {
    const messages: string[] = [];
    expect(await ensureCommit(origin, 'f'.repeat(40), (m) => messages.push(m))).toBeUndefined();
    expect(messages.join('\n')).toContain('failed');
  });
});
