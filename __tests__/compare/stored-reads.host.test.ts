/**
 * The run's reads of the stored reports, with the real git CLI: a clone of a bare `origin` fetches
 * the notes ref once however many readers ask (a note added to `origin` afterwards is not seen in the
 * same run), an `origin` that cannot be reached is one log line, not one per reader, and the reads
 * run once each, one at a time, after the fetch.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { StoredReads } from '../../src/compare/stored-reads.js';
import { annotatedCommits } from '../../src/git/notes.js';
import { git, recordingLogger, TestRepo } from './git-fixture.js';

describe('StoredReads', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** A bare origin with one commit that carries a note, and a clone of it. */
  function cloned(): { origin: string; clone: string; first: string; author: TestRepo } {
    const origin = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-notes-origin-'));
    dirs.push(origin);
    git(origin, 'init', '-q', '--bare', '-b', 'main');
    const author = new TestRepo('docker-diet-notes-author-');
    dirs.push(author.dir);
    const first = author.commit({ 'a.txt': 'a\n' }, 'first');
    git(author.dir, 'notes', '--ref', 'docker-diet', 'add', '-m', '{}', first);
    git(author.dir, 'remote', 'add', 'origin', origin);
    git(author.dir, 'push', '-q', 'origin', 'main', 'refs/notes/docker-diet');
    const clone = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-notes-clone-'));
    dirs.push(clone);
    git(clone, 'clone', '-q', origin, '.');
    return { origin, clone, first, author };
  }

  it('fetches once per repository, read by every reader', async () => {
    const { clone, first, author } = cloned();
    const fetches = new StoredReads();
    const log = recordingLogger();
    expect(await fetches.fetched(clone, log)).toBe('fetched');
    expect(await annotatedCommits(clone)).toEqual(new Set([first]));

    // A note pushed to origin now is not fetched again by a second reader of the same run.
    const second = author.commit({ 'b.txt': 'b\n' }, 'second');
    git(author.dir, 'notes', '--ref', 'docker-diet', 'add', '-m', '{}', second);
    git(author.dir, 'push', '-q', 'origin', 'main', 'refs/notes/docker-diet');
    expect(await fetches.fetched(clone, log)).toBe('fetched');
    expect(await annotatedCommits(clone)).toEqual(new Set([first]));
    // A new run fetches afresh.
    expect(await new StoredReads().fetched(clone, log)).toBe('fetched');
    expect(await annotatedCommits(clone)).toEqual(new Set([first, second]));
    expect([...log.infos, ...log.warnings]).toEqual([]);
  });

  it('says once that origin could not be reached, whoever asks', async () => {
    const { clone } = cloned();
    git(clone, 'remote', 'set-url', 'origin', path.join(os.tmpdir(), 'docker-diet-no-such-origin'));
    const fetches = new StoredReads();
    const log = recordingLogger();
    const first = await fetches.fetched(clone, log);
    const second = await fetches.fetched(clone, log);
    expect(first).toEqual({ failed: expect.any(String) });
    expect(second).toBe(first);
    expect(log.infos.filter((line) => line.includes('from origin failed'))).toHaveLength(1);
    await fetches.settled();
  });

  it('runs each read once, after the fetch, one at a time in the order asked; a failed read stops none', async () => {
    const { clone, first } = cloned();
    const reads = new StoredReads();
    const order: string[] = [];
    let running = 0;
    const read =
      (name: string, fail = false) =>
      async (): Promise<string> => {
        running += 1;
        expect(running).toBe(1);
        // The fetch has ended before any read runs: the note it brought is there.
        expect(await annotatedCommits(clone)).toEqual(new Set([first]));
        await new Promise((resolve) => setTimeout(resolve, 20));
        order.push(name);
        running -= 1;
        if (fail) throw new Error(`${name} failed`);
        return name;
      };
    const a = reads.once(clone, 'a', read('a'));
    const b = reads.once(clone, 'b', read('b', true));
    const c = reads.once(clone, 'c', read('c'));
    // Asked again: the first call's result, not a second run.
    const again = reads.once(clone, 'a', read('a again'));
    await reads.settled();
    expect(order).toEqual(['a', 'b', 'c']);
    expect(await a).toBe('a');
    expect(await again).toBe('a');
    await expect(b).rejects.toThrow('b failed');
    expect(await c).toBe('c');
  });
});
