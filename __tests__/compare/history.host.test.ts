/**
 * The size history against real git: a bare `origin` and clones made with the git CLI, notes written
 * by the same code a run with `store` uses (`storedEntries`, `mergeIntoNote`, `writeNote`) and pushed
 * to `origin`. The walk follows first parents only, keeps the last 30 commits with a measurement,
 * skips commits without one, keeps stores and platforms apart, and uses what a shallow clone holds.
 * `docker-diet history` prints it in each format. No engine is needed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { historyForImage, readSizeHistory } from '../../src/compare/history.js';
import type { HistoryOutput } from '../../src/compare/history-command.js';
import { mergeIntoNote, storedEntries } from '../../src/compare/stored.js';
import { NOTES_REF, readNote, writeNote } from '../../src/git/notes.js';
import { renderComment } from '../../src/report/markdown.js';
import { createReport, type ImageReport, type Measurement, type Report } from '../../src/report/model.js';
import { runCli } from '../lint/cli-harness.js';
import { git, recordingLogger, TestRepo } from './git-fixture.js';

/** What a run measured, as far as the history cares. */
interface Measured {
  size: number;
  compressedSize?: number | null;
  imageStore?: 'graphdriver' | 'containerd';
  platform?: string;
}

function measurement(m: Measured): Measurement {
  return {
    imageId: `sha256:${m.size.toString(16).padStart(64, '0')}`,
    size: m.size,
    ...(m.imageStore ? { imageStore: m.imageStore } : {}),
    ...(m.platform ? { platform: m.platform } : {}),
    compressedSize: m.compressedSize === undefined ? Math.round(m.size / 2) : m.compressedSize,
    compressedSizeEstimated: true,
    layers: [],
    wastedBytes: 0,
    wastedPaths: [],
    leftoverCaches: [],
    notes: [],
  };
}

function imageReport(name: string, head: Measurement | null): ImageReport {
  return {
    name,
    dockerfile: 'Dockerfile',
    context: '.',
    target: null,
    head,
    base: null,
    baseline: { source: 'stored', ref: 'x' },
    delta: null,
    layerChanges: [],
    baseImageChange: null,
    budget: { status: 'pass', violations: [] },
    buildSteps: [],
    buildContext: null,
  };
}

const AMD = { imageStore: 'graphdriver', platform: 'linux/amd64' } as const;

/** Stores measurements of `images` on `sha` in `repo`'s notes, as a run with `store` writes them. */
async function store(repo: string, sha: string, images: Record<string, Measured>): Promise<void> {
  const report: Report = createReport('0.1.0');
  report.images = Object.entries(images).map(([name, m]) => imageReport(name, measurement(m)));
  const entries = storedEntries(report, sha);
  await writeNote(repo, sha, mergeIntoNote(await readNote(repo, sha), entries));
}

/** An entry as a docker-diet from before the image store and platform were recorded wrote it. */
async function storeOld(repo: string, sha: string, name: string, size: number): Promise<void> {
  const report: Report = createReport('0.1.0');
  report.images = [imageReport(name, measurement({ size }))];
  const [entry] = storedEntries(report, sha);
  expect(entry).not.toHaveProperty('imageStore');
  expect(entry).not.toHaveProperty('platform');
  await writeNote(repo, sha, mergeIntoNote(await readNote(repo, sha), [entry!]));
}

describe('size history from stored measurements', () => {
  const dirs: string[] = [];
  let origin: string;
  let main: TestRepo;
  /** Main's commits, oldest first, and the sizes stored for `api` on them (null: none stored). */
  const commits: { sha: string; api: number | null }[] = [];
  let side: string;
  let merge: string;

  const tmp = (prefix: string): string => {
    const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
  const clone = (depth?: number): string => {
    const dir = tmp('docker-diet-history-clone-');
    rmSync(dir, { recursive: true });
    const args = depth ? [`--depth=${depth}`, `file://${origin}`] : [origin];
    execFileSync('git', ['clone', '-q', ...args, dir], { stdio: 'ignore' });
    return dir;
  };
  const sizes = (points: { size: number }[] | undefined): number[] => (points ?? []).map((p) => p.size);

  beforeAll(async () => {
    origin = tmp('docker-diet-history-origin-');
    git(origin, 'init', '-q', '--bare', '-b', 'main');
    main = new TestRepo('docker-diet-history-main-');
    dirs.push(main.dir);
    git(main.dir, 'remote', 'add', 'origin', origin);
    // 36 commits on main with api measured on each but the 3rd and 5th (gaps), web on every 10th.
    for (let i = 1; i <= 36; i++) {
      const sha = main.commit({ 'n.txt': `${i}\n` }, `main ${i}`);
      const api = i === 3 || i === 5 ? null : 1_000_000 + i * 1000;
      commits.push({ sha, api });
      const images: Record<string, Measured> = {};
      if (api !== null) images.api = { size: api, ...AMD };
      if (i % 10 === 0) images.web = { size: 5_000_000 + i, ...AMD };
      if (Object.keys(images).length > 0) await store(main.dir, sha, images);
    }
    // A branch with its own measurement, merged into main without fast-forward: not main's history.
    git(main.dir, 'checkout', '-q', '-b', 'side', commits[33]!.sha);
    side = main.commit({ 's.txt': 'side\n' }, 'side');
    await store(main.dir, side, { api: { size: 9_999_999, ...AMD } });
    git(main.dir, 'checkout', '-q', 'main');
    git(main.dir, 'merge', '-q', '--no-ff', '-m', 'merge side', 'side');
    merge = git(main.dir, 'rev-parse', 'HEAD');
    await store(main.dir, merge, { api: { size: 1_100_000, ...AMD } });
    git(main.dir, 'push', '-q', 'origin', 'main', NOTES_REF);
  });

  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('walks first parents only, oldest first: a merged branch’s own commits are left out', async () => {
    const walk = await readSizeHistory(main.dir, merge, { image: 'api', limit: 5 });
    const points = walk.images.get('api')!;
    expect(points.map((p) => p.commit)).toEqual([
      commits[32]!.sha,
      commits[33]!.sha,
      commits[34]!.sha,
      commits[35]!.sha,
      merge,
    ]);
    expect(sizes(points)).toEqual([1_033_000, 1_034_000, 1_035_000, 1_036_000, 1_100_000]);
    expect(points.map((p) => p.commit)).not.toContain(side);
    expect(points[0]).toMatchObject({
      imageStore: 'graphdriver',
      platform: 'linux/amd64',
      compressedSize: 516_500,
      compressedSizeEstimated: true,
    });
    expect(points[0]!.date).toBe(git(main.dir, 'show', '-s', '--format=%cI', commits[32]!.sha));
    // The walk stopped once it had its 5: the merge and the 4 main commits before it.
    expect(walk.commitsWalked).toBe(5);
    expect(walk.exhausted).toBe(false);
  });

  it('keeps the last 30 commits with a measurement, skipping commits without one', async () => {
    const walk = await readSizeHistory(main.dir, merge, { image: 'api' });
    const points = walk.images.get('api')!;
    expect(points).toHaveLength(30);
    // 30 = the merge and main's commits 8–36 (29 of them, all measured).
    expect(points[0]!.commit).toBe(commits[7]!.sha);
    expect(points.at(-1)!.commit).toBe(merge);
    expect(walk.commitsWalked).toBe(30);

    // Further back, the gaps at 3 and 5: 34 measured main commits + the merge, of 37 walked.
    const all = await readSizeHistory(main.dir, merge, { image: 'api', limit: 100 });
    expect(all.images.get('api')).toHaveLength(35);
    expect(all.images.get('api')!.map((p) => p.commit)).not.toContain(commits[2]!.sha);
    expect(all.images.get('api')!.map((p) => p.commit)).not.toContain(commits[4]!.sha);
    expect(all.commitsWalked).toBe(37);
    expect(all.exhausted).toBe(true);
    expect(all.shallow).toBe(false);
  });

  it('reads every image name when none is asked for, each with its own limit', async () => {
    const walk = await readSizeHistory(main.dir, merge, { limit: 2 });
    expect([...walk.images.keys()].sort()).toEqual(['api', 'web']);
    expect(sizes(walk.images.get('web'))).toEqual([5_000_020, 5_000_030]);
    expect(walk.images.get('api')!.map((p) => p.commit)).toEqual([commits[35]!.sha, merge]);
  });

  it('keeps image stores and platforms apart: only the head’s own kind is charted with it', async () => {
    const repo = new TestRepo('docker-diet-history-mixed-');
    dirs.push(repo.dir);
    const a = repo.commit({ a: '1' }, 'a');
    await storeOld(repo.dir, a, 'api', 50_000_000);
    const b = repo.commit({ b: '1' }, 'b');
    await store(repo.dir, b, { api: { size: 60_000_000, ...AMD } });
    const c = repo.commit({ c: '1' }, 'c');
    await store(repo.dir, c, {
      api: { size: 20_000_000, imageStore: 'containerd', platform: 'linux/amd64' },
    });
    const d = repo.commit({ d: '1' }, 'd');
    await store(repo.dir, d, {
      api: { size: 58_000_000, imageStore: 'graphdriver', platform: 'linux/arm64' },
    });
    const e = repo.commit({ e: '1' }, 'e');
    await store(repo.dir, e, { api: { size: 61_000_000, ...AMD } });

    const head = imageReport('api', measurement({ size: 62_000_000, ...AMD }));
    const log = recordingLogger();
    const found = await historyForImage(repo.dir, head, { baseRef: e }, log);
    expect(found.history!.map((p) => [p.commit, p.imageStore, p.platform, p.comparable])).toEqual([
      [a, 'unknown', 'unknown', false],
      [b, 'graphdriver', 'linux/amd64', true],
      [c, 'containerd', 'linux/amd64', false],
      [d, 'graphdriver', 'linux/arm64', false],
      [e, 'graphdriver', 'linux/amd64', true],
    ]);
    expect(found.historyNote).toBeUndefined();
    expect(log.infos.join('\n')).toContain(
      `Size history of api: 5 stored measurements on 5 first-parent commits of the base commit ${e.slice(0, 12)}.`,
    );

    const report = createReport('0.1.0');
    report.images = [{ ...head, ...found }];
    const comment = renderComment(report);
    const axis = /^ {2}x-axis \[(.*)\]$/m.exec(comment)![1];
    expect(axis).toBe(`"${b.slice(0, 7)}", "${e.slice(0, 7)}", "this PR"`);
    expect(/^ {2}line \[(.*)\]$/m.exec(comment)![1]).toBe('60, 61, 62');
    expect(comment).toContain('3 stored measurements were made on another image store or platform');

    // Without a base (a push), the history is the commits before the run's own.
    const push = await historyForImage(repo.dir, head, { commit: e }, recordingLogger());
    expect(push.history!.map((p) => p.commit)).toEqual([a, b, c, d]);
  });

  it('in a shallow clone uses the commits it holds, fetches the notes, and says how many there were', async () => {
    const shallow = clone(3);
    expect(git(shallow, 'rev-parse', '--is-shallow-repository')).toBe('true');
    // The clone has no notes until the history fetches them from origin.
    expect(git(shallow, 'for-each-ref', 'refs/notes')).toBe('');
    const held = git(shallow, 'rev-list', '--count', 'HEAD');
    const head = imageReport('api', measurement({ size: 1_200_000, ...AMD }));
    const log = recordingLogger();
    const found = await historyForImage(shallow, head, { baseRef: merge }, log);
    expect(found.history!.map((p) => p.commit)).toEqual([commits[34]!.sha, commits[35]!.sha, merge]);
    expect(found.historyNote).toBe(
      `the checkout is shallow: it holds 3 first-parent commits of the history of the base commit ${merge.slice(0, 12)} ` +
        '(actions/checkout with fetch-depth: 0 fetches all of it)',
    );
    // Nothing was deepened.
    expect(git(shallow, 'rev-list', '--count', 'HEAD')).toBe(held);

    // A depth-1 checkout of another commit (a pull request's merge commit) lacks the base entirely.
    const pr = clone(1);
    git(pr, 'checkout', '-q', '-b', 'pr');
    const none = await historyForImage(pr, head, { baseRef: commits[20]!.sha }, recordingLogger());
    expect(none.history).toEqual([]);
    expect(none.historyNote).toContain('it holds 0 first-parent commits');
  });

  it('stops walking once every commit with a note has been passed', async () => {
    const repo = new TestRepo('docker-diet-history-stop-');
    dirs.push(repo.dir);
    for (let i = 0; i < 4; i++) repo.commit({ old: `${i}` }, `before any store ${i}`);
    const stored = repo.commit({ a: '1' }, 'first stored');
    await store(repo.dir, stored, { api: { size: 1000, ...AMD } });
    const tip = repo.commit({ b: '1' }, 'not stored');
    const walk = await readSizeHistory(repo.dir, tip, { image: 'api' });
    expect(walk.images.get('api')!.map((p) => p.commit)).toEqual([stored]);
    expect(walk.commitsWalked).toBe(2);
    expect(walk.exhausted).toBe(false);
    expect(walk.notes).toBe(1);
  });

  it('leaves out an entry of a newer schema, and says so', async () => {
    const repo = new TestRepo('docker-diet-history-future-');
    dirs.push(repo.dir);
    const a = repo.commit({ a: '1' }, 'a');
    await store(repo.dir, a, { api: { size: 1000, ...AMD } });
    const b = repo.commit({ b: '1' }, 'b');
    await writeNote(repo.dir, b, JSON.stringify({ api: { schemaVersion: 99, size: 5 } }));
    const log = recordingLogger();
    const head = imageReport('api', measurement({ size: 1100, ...AMD }));
    const found = await historyForImage(repo.dir, head, { baseRef: b }, log);
    expect(found.history!.map((p) => p.commit)).toEqual([a]);
    expect(log.infos).toContain(
      `Size history: the stored report of ${b.slice(0, 12)} has schema version 99, newer than this docker-diet reads (1): upgrade docker-diet; left out.`,
    );
  });

  describe('docker-diet history', () => {
    let cloned: string;
    beforeAll(() => {
      cloned = clone();
    });

    it('prints a table per image name: commit, date, size, Δ vs previous, pull size', async () => {
      const run = await runCli(['history', '--limit', '3'], cloned);
      expect(run.code).toBe(0);
      const out = run.stdout.split('\n');
      expect(out[0]).toMatch(
        /^api \(graphdriver, linux\/amd64\): 3 commits {2}▁▁█ {2}min 1\.0 MB, max 1\.1 MB$/,
      );
      expect(out[1]).toMatch(/^ {2}Commit +Date +Size +Δ +Pull size$/);
      expect(out[2]).toMatch(
        new RegExp(
          `^  ${commits[34]!.sha.slice(0, 7)}  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d +1\\.0 MB +— +~517\\.5 kB$`,
        ),
      );
      expect(out[3]).toMatch(
        new RegExp(`^  ${commits[35]!.sha.slice(0, 7)} .* 1\\.0 MB +\\+1\\.0 kB +~518\\.0 kB$`),
      );
      expect(out[4]).toMatch(new RegExp(`^  ${merge.slice(0, 7)} .* 1\\.1 MB +\\+64\\.0 kB +~550\\.0 kB$`));
      expect(run.stdout).toContain('web (graphdriver, linux/amd64): 3 commits');
      expect(run.stderr).toBe('docker-diet: read 37 first-parent commits of HEAD\n');
    });

    it('--format json: the series per image, oldest first', async () => {
      const run = await runCli(['history', '--name', 'web', '--format', 'json'], cloned);
      expect(run.code).toBe(0);
      const output = JSON.parse(run.stdout) as HistoryOutput;
      expect(output).toMatchObject({ ref: 'HEAD', commit: merge, shallow: false, commitsWalked: 37 });
      expect(output.images.map((i) => i.name)).toEqual(['web']);
      expect(output.images[0]!.history).toEqual(
        [10, 20, 30].map((i) => ({
          commit: commits[i - 1]!.sha,
          date: git(cloned, 'show', '-s', '--format=%cI', commits[i - 1]!.sha),
          size: 5_000_000 + i,
          compressedSize: Math.round((5_000_000 + i) / 2),
          compressedSizeEstimated: true,
          imageStore: 'graphdriver',
          platform: 'linux/amd64',
        })),
      );
    });

    it('--format markdown: a table and a chart; --ref walks another commit’s history', async () => {
      const run = await runCli(
        ['history', '--name', 'api', '--ref', commits[5]!.sha, '--format', 'markdown'],
        cloned,
      );
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('### api (graphdriver, linux/amd64)');
      expect(run.stdout).toContain('| Commit | Date | Size | Δ | Pull size |');
      const shown = [0, 1, 3, 5].map((i) => commits[i]!.sha.slice(0, 7));
      expect(/^ {2}x-axis \[(.*)\]$/m.exec(run.stdout)![1]).toBe(shown.map((s) => `"${s}"`).join(', '));
      expect(/^ {2}line \[(.*)\]$/m.exec(run.stdout)![1]).toBe('1.001, 1.002, 1.004, 1.006');
      expect(run.stdout).toContain(`| ${shown[2]} |`);
      expect(run.stdout).toContain('| +2.0 kB |');
    });

    it('says so when there are no notes, when they cannot be fetched, and outside a repository', async () => {
      const empty = tmp('docker-diet-history-empty-');
      git(empty, 'init', '-q', '--bare');
      const repo = new TestRepo('docker-diet-history-nonotes-');
      dirs.push(repo.dir);
      repo.commit({ a: '1' }, 'a');
      git(repo.dir, 'remote', 'add', 'origin', empty);
      const none = await runCli(['history'], repo.dir);
      expect(none.code).toBe(0);
      expect(none.stdout).toBe('');
      expect(none.stderr).toBe(
        `docker-diet: no stored measurements: origin has no ${NOTES_REF}. A run with store: true (CLI: --store) on the branch keeps them.\n`,
      );
      // Notes, but none for this name on this history.
      const other = await runCli(['history', '--name', 'nope', '--limit', '2'], cloned);
      expect(other.code).toBe(0);
      expect(other.stderr).toBe(
        'docker-diet: no stored measurements for nope on 37 first-parent commits of HEAD. A run with store: true (CLI: --store) on the branch keeps them.\n',
      );

      // An origin that is gone: one warning, and the notes already in the clone are read.
      const gone = clone();
      git(gone, 'fetch', '-q', 'origin', `${NOTES_REF}:${NOTES_REF}`);
      git(gone, 'remote', 'set-url', 'origin', path.join(os.tmpdir(), 'docker-diet-no-such-origin'));
      const offline = await runCli(['history', '--name', 'api', '--limit', '2', '--format', 'json'], gone);
      expect(offline.code).toBe(0);
      expect(offline.stderr).toMatch(
        /^docker-diet: fetching refs\/notes\/docker-diet from origin failed, so only the notes in this clone are read: /,
      );
      expect((JSON.parse(offline.stdout) as HistoryOutput).images[0]!.history).toHaveLength(2);

      const outside = tmp('docker-diet-history-outside-');
      const notRepo = await runCli(['history'], outside);
      expect(notRepo.code).toBe(2);
      expect(notRepo.stderr).toContain('is not in a git repository');
      expect(notRepo.stderr).not.toMatch(/^\s+at /m);

      const badRef = await runCli(['history', '--ref', 'no-such-branch'], cloned);
      expect(badRef.code).toBe(2);
      expect(badRef.stderr).toBe(
        'docker-diet: --ref: "no-such-branch" names no commit in this repository.\n',
      );
      const badLimit = await runCli(['history', '--limit', 'lots'], cloned);
      expect(badLimit.code).toBe(2);
      expect(badLimit.stderr).toContain('--limit: "lots" is not a count');
    });

    it('in a shallow clone says how many commits it had', async () => {
      const run = await runCli(['history', '--name', 'api'], clone(2));
      expect(run.code).toBe(0);
      expect(run.stderr).toContain('read 2 first-parent commits of HEAD (a shallow clone');
      expect(run.stdout.split('\n')[0]).toContain('api (graphdriver, linux/amd64): 2 commits');
    });
  });
});
