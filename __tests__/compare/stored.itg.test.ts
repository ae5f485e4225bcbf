/**
 * Stored baselines, end to end: a bare `origin` and clones of it made with the real git CLI, real
 * BuildKit builds through runPipeline. The main-branch run keeps its measurement in git notes
 * (`refs/notes/docker-diet`) and pushes them; the pull request's run compares with them and builds
 * only its head. The docker CLI witnesses every size, and the images labelled with a base commit's
 * revision witness that the base was never built.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { Writable } from 'node:stream';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { main } from '../../src/cli.js';
import { storeReport, STORED_SCHEMA_VERSION, type StoredNote } from '../../src/compare/stored.js';
import type { PipelineDeps } from '../../src/pipeline.js';
import { createDockerClient, type DockerClient } from '../../src/docker/client.js';
import type { RawInputs } from '../../src/config/inputs.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { createReport, type ImageReport, type Report } from '../../src/report/model.js';
import { BASE_IMAGES, inspectImage, removeImages } from '../support/docker-cli.js';
import { testEngine } from '../support/engine.js';
import {
  builtBy,
  git,
  layerSizeOf,
  imagesLabelled,
  recordingLogger,
  runPipelineIn,
  TestRepo,
  type RecordingLogger,
} from './git-fixture.js';

jest.setTimeout(180_000);

/**
 * The containerd store's Size counts the blobs it holds (and moves as the engine unpacks or drops
 * them), not the unpacked file bytes: there the stored sizes are checked against the measurement made
 * when they were stored, and the rows against the layers' file bytes.
 */
const containerd = testEngine().imageStore === 'containerd';
const fileBytes = (layers: { size: number }[]): number => layers.reduce((sum, l) => sum + l.size, 0);
/** The engine's own Size of a measured image, where it is stable; the measurement's on containerd. */
const engineSize = (measured: { imageId: string; size: number }): number =>
  containerd ? measured.size : Number(inspectImage(measured.imageId, '{{.Size}}'));

const NONCE = `${Date.now().toString(36)}${process.pid}`;
const NAME = `stored-itg-${NONCE}`;
const STAGES = { lint: true, measure: true, compare: true };
const FAST_RETRY = { attempts: 12, baseDelayMs: 50 };

const dockerfile = (...lines: string[]): string =>
  `${[`FROM ${BASE_IMAGES.busybox}`, ...lines].join('\n')}\n`;
const SEED = `RUN echo ${NONCE} > /nonce && head -c 400000 /dev/urandom > /seed`;
const BLOAT = 'RUN head -c 2000000 /dev/urandom > /bloat';

/** A bare repository standing in for GitHub, serving any reachable commit by SHA as GitHub does. */
function makeOrigin(dirs: string[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-origin-'));
  dirs.push(dir);
  git(dir, 'init', '-q', '--bare', '-b', 'main');
  git(dir, 'config', 'uploadpack.allowReachableSHA1InWant', 'true');
  return dir;
}

/** A clone of `origin` (shallow with `depth`, of `branch`), as a TestRepo. */
function cloneOf(origin: string, dirs: string[], depth?: number, branch?: string): TestRepo {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-clone-'));
  dirs.push(dir);
  rmSync(dir, { recursive: true });
  const args = depth
    ? ['clone', '-q', `--depth=${depth}`, ...(branch ? ['--branch', branch] : []), `file://${origin}`, dir]
    : ['clone', '-q', origin, dir];
  execFileSync('git', args, { stdio: 'ignore' });
  return new TestRepo('', dir);
}

/** The note on `sha` as `git notes --ref docker-diet show` prints it, parsed. */
function noteOf(repo: string, sha: string): StoredNote {
  return JSON.parse(git(repo, 'notes', '--ref', 'docker-diet', 'show', sha)) as StoredNote;
}

describe('stored baselines in git notes', () => {
  const dirs: string[] = [];
  const images: string[] = [];
  let origin: string;
  let main: TestRepo;
  let stored: string;
  let docsOnly: string;
  let storedImage: ImageReport;

  async function run(
    dir: string,
    raw: RawInputs,
    extra: Partial<PipelineDeps> = {},
  ): Promise<{ image: ImageReport; log: RecordingLogger; report: Report }> {
    const { image, log, report } = await runPipelineIn(dir, NAME, raw, STAGES, {
      storeRetry: FAST_RETRY,
      ...extra,
    });
    images.push(image.head?.imageId ?? '');
    return { image, log, report };
  }

  /**
   * A pull request branched from `base` in a fresh clone: the head adds a bloated layer. A shallow
   * clone (`depth`) is of the branch named `base`.
   */
  function pullRequest(base: string, depth?: number): TestRepo {
    const pr = cloneOf(origin, dirs, depth, depth ? base : undefined);
    git(pr.dir, 'checkout', '-q', '-B', 'pr', depth ? 'HEAD' : base);
    pr.commit({ Dockerfile: dockerfile(SEED, 'COPY app.txt /app/app.txt', BLOAT) }, 'pr: bloat');
    return pr;
  }

  beforeAll(async () => {
    origin = makeOrigin(dirs);
    main = cloneOf(origin, dirs);
    git(main.dir, 'checkout', '-q', '-b', 'main');
    stored = main.commit(
      {
        Dockerfile: dockerfile(SEED, 'COPY app.txt /app/app.txt', 'ADD app.txt /app/added.txt'),
        'app.txt': 'app\n',
      },
      'base',
    );
    git(main.dir, 'push', '-q', 'origin', 'main', 'main:stored-tip');
    // The main-branch run: measure and store (`store: true`), nothing to compare with.
    const { image, log } = await run(main.dir, { store: 'true', compare: 'none' });
    storedImage = image;
    expect(log.warnings).toEqual([]);
    expect(log.infos.join('\n')).toContain('pushed them to origin');
    // A later commit on main without a stored report (it did not touch the image).
    docsOnly = main.commit({ 'README.md': 'docs\n' }, 'docs only');
    git(main.dir, 'push', '-q', 'origin', 'main');
  });

  afterAll(() => {
    removeImages(...images, ...builtBy(NAME, stored, docsOnly));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('the main-branch run stores its redacted measurement as a note on its commit, pushed to origin', () => {
    // Read back from the bare origin: the note was pushed, not only written locally.
    const note = noteOf(origin, stored);
    expect(Object.keys(note)).toEqual([NAME]);
    const entry = note[NAME]!;
    const head = storedImage.head!;
    expect(entry).toMatchObject({
      schemaVersion: STORED_SCHEMA_VERSION,
      tool: { name: 'docker-diet' },
      commit: stored,
      image: NAME,
      dockerfile: 'Dockerfile',
      imageId: head.imageId,
      size: engineSize(head),
      // Recorded so that a history keeps measurements of different stores and platforms apart.
      imageStore: testEngine().imageStore,
      platform: inspectImage(head.imageId, '{{.Os}}/{{.Architecture}}'),
      compressedSize: head.compressedSize,
      compressedSizeEstimated: head.compressedSizeEstimated,
      wastedBytes: head.wastedBytes,
    });
    expect(entry.layers).toHaveLength(head.layers.length);
    expect(entry.layers.find((l) => l.instruction?.line === 2)).toMatchObject({
      instruction: { line: 2, text: SEED },
      diffId: expect.stringMatching(/^sha256:/),
      size: layerSizeOf(head.imageId, '/seed'),
      fromBase: false,
    });
    expect(entry.layers.some((l) => l.fromBase)).toBe(true);
    // The Dockerfile's findings travel with it (ADD of a local file: prefer COPY).
    expect(entry.findings.length).toBeGreaterThan(0);
    expect(entry.findings.every((f) => f.file === 'Dockerfile')).toBe(true);
  });

  it('stores only the redacted report: a build-arg value never reaches the notes', async () => {
    const repo = cloneOf(origin, dirs);
    const secretName = `${NAME}-secret`;
    const sha = repo.commit(
      { 'Dockerfile.secret': dockerfile('ARG TOKEN', `RUN echo ${NONCE} > /done`) },
      'an image built with a secret build arg',
    );
    const { image } = await run(repo.dir, {
      dockerfile: 'Dockerfile.secret',
      name: secretName,
      'build-args': 'TOKEN=s3cr3t-token-value',
      store: 'true',
      compare: 'none',
    });
    expect(image.head!.layers.some((l) => l.createdBy.includes('TOKEN=***'))).toBe(true);
    const raw = git(origin, 'notes', '--ref', 'docker-diet', 'show', sha);
    expect(raw).toContain('TOKEN=***');
    expect(raw).not.toContain('s3cr3t-token-value');
  });

  it('a pull request compares with the stored report of its base commit and builds only its head', async () => {
    const pr = pullRequest(stored);
    const { image, log, report } = await run(pr.dir, {}, { defaultBaseRef: stored });
    expect(image.baseline).toEqual({ source: 'stored', ref: stored });
    // Nothing labelled with the base commit's revision was built.
    expect(imagesLabelled(`org.opencontainers.image.revision=${stored}`)).toEqual([]);
    expect(log.infos.join('\n')).toContain('the base is not built');

    const headSize = engineSize(image.head!);
    const baseSize = engineSize(storedImage.head!);
    expect(image.base!.size).toBe(baseSize);
    expect(image.delta!.size).toBe(headSize - baseSize);
    expect(image.delta!.layerCount).toBe(0);
    const rows = image.layerChanges.filter((row) => !row.fromBase);
    expect(rows.map((row) => [row.status, row.instruction?.line ?? null])).toEqual([
      ['unchanged', 2],
      ['unchanged', 3],
      ['removed', 4],
      ['added', 4],
    ]);
    const added = rows.find((row) => row.status === 'added')!;
    expect(added.delta).toBe(layerSizeOf(image.head!.imageId, '/bloat'));
    expect(image.layerChanges.reduce((sum, row) => sum + row.delta, 0)).toBe(
      containerd ? fileBytes(image.head!.layers) - fileBytes(image.base!.layers) : image.delta!.size,
    );
    expect(renderMarkdown(report)).toContain(`Compared with the stored report of <code>${stored}</code>.`);
  });

  it('reads the stored report, its Dockerfile and the size history while the head builds, not after its measure', async () => {
    const pr = pullRequest(stored);
    // git writes every command it runs to this file: the witness of when the notes were read.
    const trace = path.join(pr.dir, '..', `${path.basename(pr.dir)}.git-trace`);
    dirs.push(trace);
    const notesRead = (): boolean => {
      const lines = existsSync(trace) ? readFileSync(trace, 'utf8') : '';
      return (
        lines.includes(`notes --ref=refs/notes/docker-diet show ${stored}`) &&
        lines.includes(`show ${stored}:Dockerfile`) &&
        lines.includes(' log --first-parent')
      );
    };
    const engine = createDockerClient();
    let readDuringBuild = false;
    const docker: DockerClient = {
      ...engine,
      build: async (request, observer) => {
        const outcome = await engine.build(request, observer);
        // The build returns only once both reads have run (or after 30 s without them).
        const until = Date.now() + 30_000;
        while (!(readDuringBuild = notesRead()) && Date.now() < until)
          await new Promise((r) => setTimeout(r, 50));
        return outcome;
      },
    };
    process.env.GIT_TRACE = trace;
    try {
      const { image } = await run(pr.dir, {}, { defaultBaseRef: stored, docker: () => docker });
      expect(readDuringBuild).toBe(true);
      expect(image.baseline).toEqual({ source: 'stored', ref: stored });
      expect(image.history?.map((point) => point.commit)).toEqual([stored]);
      // Each is read once: the compare step and the history take what was read ahead.
      const commands = readFileSync(trace, 'utf8').split('\n');
      expect(commands.filter((line) => line.includes(`show ${stored}:Dockerfile`))).toHaveLength(1);
      expect(commands.filter((line) => line.includes('rev-parse --show-toplevel'))).toHaveLength(1);
    } finally {
      delete process.env.GIT_TRACE;
    }
  });

  it('the pull request shows the size history: the stored measurement, then its head, charted', async () => {
    const pr = pullRequest(stored);
    const { image, report } = await run(pr.dir, {}, { defaultBaseRef: stored });
    const storedHead = storedImage.head!;
    expect(image.history).toEqual([
      expect.objectContaining({
        commit: stored,
        date: git(main.dir, 'show', '-s', '--format=%cI', stored),
        size: engineSize(storedHead),
        compressedSize: storedHead.compressedSize,
        imageStore: testEngine().imageStore,
        platform: inspectImage(storedHead.imageId, '{{.Os}}/{{.Architecture}}'),
        comparable: true,
      }),
    ]);
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('<details open><summary>Size history: 1 stored commit and this PR, ');
    // The history's chart, after the layer chart.
    const chart = markdown.slice(markdown.indexOf('<summary>Size history'));
    expect(/^ {2}x-axis \[(.*)\]$/m.exec(chart)![1]).toBe(`"${stored.slice(0, 7)}", "this PR"`);
    const mb = (bytes: number): number => Number((bytes / 1e6).toPrecision(4));
    expect(/^ {2}line \[(.*)\]$/m.exec(chart)![1]).toBe(
      `${mb(engineSize(storedHead))}, ${mb(engineSize(image.head!))}`,
    );
  });

  it('budgets work from the stored data as from a measured base', async () => {
    const pr = pullRequest(stored);
    const { image } = await run(pr.dir, { 'max-increase': '1MB' }, { defaultBaseRef: stored });
    expect(image.baseline.source).toBe('stored');
    expect(image.budget.status).toBe('fail');
    expect(image.budget.violations).toEqual([
      expect.objectContaining({ budget: 'max-increase', actual: image.delta!.size }),
    ]);
  });

  it('falls back to the nearest first-parent ancestor with a stored report, and says so', async () => {
    const pr = pullRequest(docsOnly);
    const { image, report } = await run(pr.dir, { compare: 'stored' }, { defaultBaseRef: docsOnly });
    expect(image.baseline).toMatchObject({ source: 'stored', ref: stored });
    expect(image.baseline.note).toBe(
      `1 commit before the base commit ${docsOnly.slice(0, 12)}, which has no stored report`,
    );
    expect(imagesLabelled(`org.opencontainers.image.revision=${docsOnly}`)).toEqual([]);
    expect(renderMarkdown(report)).toContain(
      `Compared with the stored report of <code>${stored}</code>, 1 commit before the base commit ${docsOnly.slice(0, 12)}, which has no stored report.`,
    );
  });

  it('works in a shallow clone (--depth 1) of a base that has its own report: nothing deepened', async () => {
    const pr = pullRequest('stored-tip', 1);
    const { image } = await run(pr.dir, {}, { defaultBaseRef: stored });
    expect(image.baseline).toEqual({ source: 'stored', ref: stored });
    expect(git(pr.dir, 'rev-parse', '--is-shallow-repository')).toBe('true');
    expect(git(pr.dir, 'rev-list', '--count', 'HEAD')).toBe('2');
    const witness = engineSize(image.head!) - engineSize(storedImage.head!);
    expect(image.delta!.size).toBe(witness);
    expect(imagesLabelled(`org.opencontainers.image.revision=${stored}`)).toEqual([]);
  });

  it('does not even fetch the base commit when a shallow checkout lacks it and it has its own report', async () => {
    // As on a pull request's merge-commit checkout: the base commit is not in the clone.
    const pr = pullRequest('main', 1);
    expect(pr.has(stored)).toBe(false);
    const { image } = await run(pr.dir, {}, { defaultBaseRef: stored });
    expect(image.baseline).toEqual({ source: 'stored', ref: stored });
    expect(pr.has(stored)).toBe(false);
    expect(git(pr.dir, 'rev-parse', '--is-shallow-repository')).toBe('true');
  });

  it('walks the size history after the compare step fetched a base commit the shallow checkout lacked', async () => {
    // `compare: build` fetches the base commit to build it; the history then holds its stored report.
    const pr = pullRequest('main', 1);
    expect(pr.has(stored)).toBe(false);
    const { image } = await run(pr.dir, { compare: 'build' }, { defaultBaseRef: stored });
    expect(image.baseline.source).toBe('build');
    expect(pr.has(stored)).toBe(true);
    expect(image.history?.map((point) => point.commit)).toEqual([stored]);
  });

  it('works in a shallow clone (--depth 1) whose base has no report: deepens to walk its ancestors', async () => {
    const pr = pullRequest('main', 1);
    expect(pr.has(stored)).toBe(false);
    const { image } = await run(pr.dir, {}, { defaultBaseRef: docsOnly });
    expect(image.baseline).toMatchObject({ source: 'stored', ref: stored });
    expect(image.baseline.note).toContain('1 commit before the base commit');
    expect(pr.has(stored)).toBe(true);
    const witness = engineSize(image.head!) - engineSize(storedImage.head!);
    expect(image.delta!.size).toBe(witness);
    expect(imagesLabelled(`org.opencontainers.image.revision=${docsOnly}`)).toEqual([]);
  });

  it('does not use a stored report of another build target', async () => {
    const repo = cloneOf(origin, dirs);
    const name = `${NAME}-stages`;
    const sha = repo.commit(
      {
        'Dockerfile.stages': `FROM ${BASE_IMAGES.busybox} AS deps\nRUN echo ${NONCE} > /deps\nFROM deps\nRUN echo final > /final\n`,
      },
      'two stages',
    );
    await run(repo.dir, { dockerfile: 'Dockerfile.stages', name, store: 'true', compare: 'none' });
    expect(noteOf(origin, sha)[name]).toMatchObject({ target: null });
    const { image } = await run(
      repo.dir,
      { dockerfile: 'Dockerfile.stages', name, target: 'deps', compare: 'stored' },
      { defaultBaseRef: sha },
    );
    expect(image.baseline).toEqual({
      source: 'none',
      reason: `the stored report of ${sha.slice(0, 12)} measured the last stage, not target deps`,
    });
  });

  it('does not use a stored report measured on another image store: its size counts other bytes', async () => {
    const repo = cloneOf(origin, dirs);
    git(repo.dir, 'checkout', '-q', '-B', 'other-store', docsOnly);
    const sha = repo.commit({ 'OTHER.md': 'other store\n' }, 'stored by a job on another engine');
    git(repo.dir, 'push', '-q', 'origin', 'other-store');
    const other = containerd ? 'graphdriver' : 'containerd';
    const note = { [NAME]: { ...noteOf(origin, stored)[NAME], commit: sha, imageStore: other } };
    writeFileSync(path.join(repo.dir, 'note.json'), JSON.stringify(note));
    git(repo.dir, 'fetch', '-q', 'origin', '+refs/notes/docker-diet:refs/notes/docker-diet');
    git(repo.dir, 'notes', '--ref', 'docker-diet', 'add', '-f', '-F', 'note.json', sha);
    git(repo.dir, 'push', '-q', 'origin', 'refs/notes/docker-diet');

    const pr = pullRequest(sha);
    const { image } = await run(pr.dir, { compare: 'stored' }, { defaultBaseRef: sha });
    expect(image.baseline).toEqual({
      source: 'none',
      reason:
        `the stored report of ${sha.slice(0, 12)} was measured on the ${other} image store, this run on ` +
        `${testEngine().imageStore}: their sizes count different bytes`,
    });
    // Nor is it charted with the head, though the history lists it.
    expect(image.history!.find((p) => p.commit === sha)).toMatchObject({
      imageStore: other,
      comparable: false,
    });
  });

  it('refuses an entry of a newer schema with one log line and builds the base instead', async () => {
    const repo = cloneOf(origin, dirs);
    git(repo.dir, 'checkout', '-q', '-B', 'future', docsOnly);
    const future = repo.commit({ 'NOTES.md': 'future\n' }, 'stored by a newer docker-diet');
    git(repo.dir, 'push', '-q', 'origin', 'future');
    const note = { [NAME]: { ...noteOf(origin, stored)[NAME], schemaVersion: STORED_SCHEMA_VERSION + 1 } };
    writeFileSync(path.join(repo.dir, 'note.json'), JSON.stringify(note));
    git(repo.dir, 'fetch', '-q', 'origin', '+refs/notes/docker-diet:refs/notes/docker-diet');
    git(repo.dir, 'notes', '--ref', 'docker-diet', 'add', '-f', '-F', 'note.json', future);
    git(repo.dir, 'push', '-q', 'origin', 'refs/notes/docker-diet');

    const pr = pullRequest(future);
    const { image, log } = await run(pr.dir, {}, { defaultBaseRef: future });
    const refusals = log.warnings.filter((line) => line.includes('refused'));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toContain(`schema version ${STORED_SCHEMA_VERSION + 1}`);
    expect(image.baseline).toMatchObject({ source: 'build', ref: future });
    expect(imagesLabelled(`org.opencontainers.image.revision=${future}`)).not.toEqual([]);
    removeImages(...imagesLabelled(`org.opencontainers.image.revision=${future}`));
  });

  it('concurrent writers for different images on the same commit lose no entry', async () => {
    const writers = ['api', 'web', 'worker', 'cron', 'admin', 'docs'];
    // A matrix: each job in its own clone, plus two writers sharing one clone.
    const clones = writers.slice(0, 4).map(() => cloneOf(origin, dirs));
    const shared = cloneOf(origin, dirs);
    const repos = [...clones, shared, shared];
    for (const repo of repos) git(repo.dir, 'checkout', '-q', docsOnly);
    const results = await Promise.all(
      writers.map((name, i) =>
        storeReport(fakeReport(name, i), repos[i]!.dir, recordingLogger(), { retry: FAST_RETRY }),
      ),
    );
    expect(results.map((r) => r?.status)).toEqual(writers.map(() => 'pushed'));
    const note = noteOf(origin, docsOnly);
    expect(Object.keys(note).sort()).toEqual([...writers].sort());
    for (const [i, name] of writers.entries())
      expect(note[name]).toMatchObject({ image: name, size: 1000 + i });
    // Writing again replaces only that image's entry.
    await storeReport(fakeReport('api', 99), clones[0]!.dir, recordingLogger(), { retry: FAST_RETRY });
    const again = noteOf(origin, docsOnly);
    expect(Object.keys(again).sort()).toEqual([...writers].sort());
    expect(again.api!.size).toBe(1099);
  });

  it('a push that origin refuses (a read-only token) is one warning, not a failure', async () => {
    const readOnly = makeOrigin(dirs);
    const seed = cloneOf(readOnly, dirs);
    const sha = seed.commit({ 'a.txt': 'a\n' }, 'a');
    git(seed.dir, 'push', '-q', 'origin', 'HEAD:main');
    const hook = path.join(readOnly, 'hooks', 'pre-receive');
    writeFileSync(hook, '#!/bin/sh\necho "permission denied" >&2\nexit 1\n');
    chmodSync(hook, 0o755);
    const log = recordingLogger();
    const result = await storeReport(fakeReport('api', 1), seed.dir, log, { retry: FAST_RETRY });
    expect(result).toMatchObject({ status: 'failed', attempts: 1 });
    expect(log.warnings).toHaveLength(1);
    expect(log.warnings[0]).toContain('not stored in git notes');
    expect(log.warnings[0]).toContain('contents: write');
    expect(git(readOnly, 'for-each-ref', 'refs/notes')).toBe('');
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
  });

  it('does not store on HEAD what HEAD does not hold: uncommitted changes to tracked files', async () => {
    const repo = cloneOf(origin, dirs);
    git(repo.dir, 'checkout', '-q', docsOnly);
    writeFileSync(path.join(repo.dir, 'Dockerfile'), dockerfile('RUN echo edited > /edited'));
    // An untracked file (a build step's output) does not count.
    writeFileSync(path.join(repo.dir, 'generated.txt'), 'built\n');
    const log = recordingLogger();
    const before = git(origin, 'rev-parse', 'refs/notes/docker-diet');
    const result = await storeReport(fakeReport('dirty', 1), repo.dir, log, {
      retry: FAST_RETRY,
      mustBeCommitted: [repo.dir],
    });
    expect(result).toBeUndefined();
    expect(log.warnings).toEqual([expect.stringContaining('Dockerfile has uncommitted changes')]);
    expect(git(origin, 'rev-parse', 'refs/notes/docker-diet')).toBe(before);

    git(repo.dir, 'checkout', '--', 'Dockerfile');
    const clean = await storeReport(fakeReport('dirty', 1), repo.dir, recordingLogger(), {
      retry: FAST_RETRY,
      mustBeCommitted: [repo.dir],
    });
    expect(clean).toMatchObject({ status: 'pushed' });
  });

  it('the CLI stores with `measure --store` and compares with `compare --compare stored`', async () => {
    const storing = cloneOf(origin, dirs);
    git(storing.dir, 'checkout', '-q', docsOnly);
    const stored1 = await cli(storing.dir, [
      'measure',
      '--store',
      '--name',
      NAME,
      '--format',
      'json',
      '--quiet',
    ]);
    expect(stored1.code).toBe(0);
    expect(stored1.stderr).not.toContain('warning');
    const measured = (JSON.parse(stored1.stdout) as Report).images[0]!;
    images.push(measured.head!.imageId);
    expect(noteOf(origin, docsOnly)[NAME]).toMatchObject({ commit: docsOnly, size: measured.head!.size });

    const pr = pullRequest(docsOnly);
    const compared = await cli(pr.dir, [
      'compare',
      '--compare',
      'stored',
      '--base-ref',
      docsOnly,
      '--name',
      NAME,
      '--format',
      'json',
      '--quiet',
    ]);
    expect(compared.code).toBe(0);
    const image = (JSON.parse(compared.stdout) as Report).images[0]!;
    images.push(image.head!.imageId);
    // The base commit's own report now: no ancestor note.
    expect(image.baseline).toEqual({ source: 'stored', ref: docsOnly });
    expect(image.delta!.size).toBe(engineSize(image.head!) - engineSize(measured.head!));
  });
});

/** A report with one measured image, as a matrix job would store it. */
function fakeReport(name: string, i: number): Report {
  const report = createReport('0.1.0');
  report.images.push({
    name,
    dockerfile: `${name}/Dockerfile`,
    context: name,
    target: null,
    head: {
      imageId: `sha256:${String(i).padStart(64, '0')}`,
      size: 1000 + i,
      compressedSize: 500,
      compressedSizeEstimated: true,
      layers: [
        {
          index: 0,
          diffId: 'sha256:aa',
          size: 900,
          compressedSize: 450,
          compressedSizeExact: false,
          createdBy: 'base',
          instruction: null,
          fromBase: true,
          wastedBytes: 0,
        },
        {
          index: 1,
          diffId: 'sha256:bb',
          size: 100 + i,
          compressedSize: 50,
          compressedSizeExact: false,
          createdBy: 'RUN x',
          instruction: { file: `${name}/Dockerfile`, line: 2, text: 'RUN x' },
          fromBase: false,
          wastedBytes: 0,
        },
      ],
      wastedBytes: 0,
      wastedPaths: [],
      leftoverCaches: [],
      notes: [],
    },
    base: null,
    baseline: { source: 'none', reason: 'not compared' },
    delta: null,
    layerChanges: [],
    baseImageChange: null,
    budget: { status: 'pass', violations: [] },
    buildSteps: [],
    buildContext: null,
  });
  return report;
}

/** Runs `docker-diet <argv>` in `cwd` through the CLI's entry point, capturing its output. */
async function cli(cwd: string, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const capture = (): Writable & { text: () => string } => {
    const chunks: Buffer[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        chunks.push(Buffer.from(chunk as Buffer));
        done();
      },
    }) as Writable & { text: () => string };
    stream.text = () => Buffer.concat(chunks).toString('utf8');
    return stream;
  };
  const stdout = capture();
  const stderr = capture();
  const code = await main(argv, { stdout, stderr, cwd, env: { ...process.env, NO_COLOR: '1' } });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
