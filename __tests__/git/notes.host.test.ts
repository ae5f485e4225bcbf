/**
 * The git notes adapter against the real git CLI: notes written byte for byte, listed and read back,
 * fetched from an `origin` that has none yet, stored locally without an `origin`, and first-parent
 * ancestors walked.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import {
  annotatedCommits,
  fetchNotes,
  firstParentChain,
  NOTES_REF,
  readNote,
  updateSharedNote,
  writeNote,
} from '../../src/git/notes.js';
import { git, TestRepo } from '../compare/git-fixture.js';

describe('git notes', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const repo = (): TestRepo => {
    const r = new TestRepo('docker-diet-notes-');
    dirs.push(r.dir);
    return r;
  };

  it('writes a note byte for byte and reads it back; lists the annotated commits', async () => {
    const r = repo();
    const a = r.commit({ a: '1' }, 'a');
    const b = r.commit({ b: '1' }, 'b');
    // Lines git's message cleanup would drop or change: a comment line, blank lines, trailing spaces.
    const text = '# not a comment\n\n\n{"x": 1}   \n';
    await writeNote(r.dir, a, text);
    expect(await readNote(r.dir, a)).toBe(text);
    expect(await readNote(r.dir, b)).toBeUndefined();
    expect(await annotatedCommits(r.dir)).toEqual(new Set([a]));
    expect(git(r.dir, 'notes', '--ref', 'docker-diet', 'list')).toContain(a);
  });

  it('says when there is no origin, and when origin has no notes yet', async () => {
    const r = repo();
    r.commit({ a: '1' }, 'a');
    expect(await fetchNotes(r.dir)).toBe('no-remote');
    const origin = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-notes-origin-'));
    dirs.push(origin);
    execFileSync('git', ['init', '-q', '--bare', origin]);
    git(r.dir, 'remote', 'add', 'origin', origin);
    expect(await fetchNotes(r.dir)).toBe('absent');
  });

  it('without an origin, updates the local note and says it was not pushed', async () => {
    const r = repo();
    const a = r.commit({ a: '1' }, 'a');
    const first = await updateSharedNote(r.dir, a, (current) => `${current ?? ''}one\n`);
    expect(first).toEqual({ status: 'local', reason: 'the repository has no origin remote' });
    await updateSharedNote(r.dir, a, (current) => `${current ?? ''}two\n`);
    expect(await readNote(r.dir, a)).toBe('one\ntwo\n');
    expect(git(r.dir, 'for-each-ref', '--format=%(refname)', 'refs/notes')).toBe(NOTES_REF);
  });

  it('walks first-parent ancestors, nearest first, not into merged branches', async () => {
    const r = repo();
    const a = r.commit({ a: '1' }, 'a');
    git(r.dir, 'checkout', '-q', '-b', 'side');
    const side = r.commit({ s: '1' }, 'side');
    git(r.dir, 'checkout', '-q', 'main');
    const b = r.commit({ b: '1' }, 'b');
    git(r.dir, '-c', 'user.name=t', '-c', 'user.email=t@e', 'merge', '-q', '--no-ff', '-m', 'merge', 'side');
    const merge = git(r.dir, 'rev-parse', 'HEAD');
    expect(await firstParentChain(r.dir, merge, 20)).toEqual([merge, b, a]);
    expect(await firstParentChain(r.dir, merge, 1)).toEqual([merge, b]);
    expect(await firstParentChain(r.dir, merge, 20)).not.toContain(side);
  });
});
