/**
 * Compare against the base commit, end to end: real git repositories with a base and a head commit,
 * real BuildKit builds of both through runPipeline, and the docker CLI (`docker image inspect`,
 * `docker history`) as the independent witness of every size.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DietError } from '../../src/errors.js';
import type { PipelineDeps } from '../../src/pipeline.js';
import type { ImageReport, Report } from '../../src/report/model.js';
import { verdictLine } from '../../src/report/verdict.js';
import type { RawInputs } from '../../src/config/inputs.js';
import { BASE_IMAGES, inspectImage, removeImages } from '../support/docker-cli.js';
import { testEngine } from '../support/engine.js';
import { builtBy, layerSizeOf, runPipelineIn, TestRepo, type RecordingLogger } from './git-fixture.js';

// Each test builds and measures two images; the project's testTimeout does not reach per-file runs.
jest.setTimeout(120_000);

const STAGES = { lint: false, measure: true, compare: true };
// A fresh value per run, so the head build of the first RUN cannot come from an earlier run's cache:
// the base build then proves it reused the head build's cache.
const NONCE = `${Date.now().toString(36)}${process.pid}`;
const OVERRIDE_LABEL = 'docker-diet:allow-growth';
const NAME = `compare-itg-${NONCE}`;

const dockerfile = (...lines: string[]): string =>
  `${[`FROM ${BASE_IMAGES.busybox}`, ...lines].join('\n')}\n`;
const SEED = `RUN echo ${NONCE} > /nonce && head -c 500000 /dev/urandom > /seed`;
const BLOAT = 'RUN head -c 3000000 /dev/urandom > /bloat';
const LITTLE = 'RUN head -c 200000 /dev/urandom > /little';

/** The containerd store's Size counts the blobs it holds, not the unpacked file bytes. */
const containerd = testEngine().imageStore === 'containerd';
describe('compare with the base commit', () => {
  const images: string[] = [];
  const repos: TestRepo[] = [];
  let bloat: TestRepo;
  let bloatBase: string;

  /** Runs build → measure → compare in `dir` with `baseRef` as the pull request's base commit. */
  async function compare(
    dir: string,
    raw: RawInputs,
    baseRef: string,
    extra: Partial<PipelineDeps> = {},
  ): Promise<{ image: ImageReport; log: RecordingLogger; report: Report }> {
    const { image, log, report } = await runPipelineIn(dir, NAME, raw, STAGES, {
      defaultBaseRef: baseRef,
      ...extra,
    });
    images.push(image.head?.imageId ?? '', image.base?.imageId ?? '');
    return { image, log, report };
  }

  beforeAll(() => {
    bloat = new TestRepo();
    repos.push(bloat);
    bloatBase = bloat.commit(
      {
        Dockerfile: dockerfile(SEED, 'COPY app.txt /app/app.txt'),
        'app.txt': 'app\n',
        'Dockerfile.small': dockerfile(`RUN echo ${NONCE} > /small`),
        'Dockerfile.gone': dockerfile('RUN echo gone > /gone'),
      },
      'base',
    );
    bloat.commit(
      {
        Dockerfile: dockerfile(SEED, 'COPY app.txt /app/app.txt', BLOAT),
        'Dockerfile.small': dockerfile(`RUN echo ${NONCE} > /small`, LITTLE),
        'Dockerfile.gone': null,
        'Dockerfile.new': dockerfile('COPY app.txt /new.txt'),
      },
      'head: bloat, a new image, one image removed',
    );
  });

  afterAll(() => {
    removeImages(...images, ...builtBy(NAME));
    for (const repo of repos) repo.remove();
  });

  it('reports a bloating change with the sizes docker reports, per instruction', async () => {
    const { image } = await compare(bloat.dir, {}, bloatBase);
    const head = image.head!;
    const base = image.base!;
    expect(image.baseline).toMatchObject({ source: 'build', ref: bloatBase });

    const headSize = Number(inspectImage(head.imageId, '{{.Size}}'));
    const baseSize = Number(inspectImage(base.imageId, '{{.Size}}'));
    expect(head.size).toBe(headSize);
    expect(base.size).toBe(baseSize);
    expect(image.delta!.size).toBe(headSize - baseSize);
    const bloatBytes = layerSizeOf(head.imageId, '/bloat');
    expect(bloatBytes).toBe(3_000_000);
    if (containerd) {
      // Size counts blobs there: the delta is the added layer's gzip blob (random bytes: a little over
      // 3 MB) and the small change of config and manifest.
      const blob = head.layers.find((l) => l.instruction?.line === 4)!.compressedSize!;
      expect(Math.abs(image.delta!.size - blob)).toBeLessThan(2000);
    } else {
      expect(image.delta!.size).toBe(bloatBytes);
    }
    expect(image.delta!.layerCount).toBe(1);

    const added = image.layerChanges.filter((row) => row.status === 'added');
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({
      instruction: { file: 'Dockerfile', line: 4, text: BLOAT },
      baseSize: null,
      headSize: bloatBytes,
      delta: bloatBytes,
    });
    const rest = image.layerChanges.filter((row) => row.status !== 'added');
    expect(rest.map((row) => [row.status, row.fromBase, row.instruction?.line ?? null, row.delta])).toEqual([
      ['unchanged', true, null, 0],
      ['unchanged', false, 2, 0],
      ['unchanged', false, 3, 0],
    ]);

    // The head was built first; the base build took the seed layer from its cache (the random bytes
    // are identical only because the step was not run again).
    expect(image.baseline.cache!.cachedSteps).toBeGreaterThan(0);
    expect(image.baseline.cache!.totalSteps).toBeGreaterThanOrEqual(image.baseline.cache!.cachedSteps);
    const seedOf = (layers: typeof head.layers) => layers.find((l) => l.instruction?.line === 2)!.diffId;
    expect(seedOf(base.layers)).toBe(seedOf(head.layers));

    expect(bloat.worktrees()).toEqual([bloat.dir]);
    expect(bloat.worktreeEntries()).toEqual([]);
  });

  it('analyses the layers head and base share once, through one layer cache', async () => {
    const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-compare-layer-cache-'));
    try {
      const { image, log } = await compare(bloat.dir, { 'layer-cache': cacheDir }, bloatBase);
      const ids = (layers: { diffId: string | null }[]) => new Set(layers.flatMap((l) => l.diffId ?? []));
      const head = ids(image.head!.layers);
      const base = ids(image.base!.layers);
      const shared = [...base].filter((id) => head.has(id)).length;
      expect(shared).toBeGreaterThanOrEqual(2); // the busybox layer and the seed layer at least
      const lines = log.infos.filter((line) => line.startsWith('Layer cache:'));
      expect(lines).toHaveLength(2); // one per measured image, counting from the start of the run
      // Written: the layers, and on the containerd store also which compressed blob holds which layer.
      expect(lines[1]).toContain(
        `Layer cache: ${shared} layer${shared === 1 ? '' : 's'} from the cache (0 from ${cacheDir}, ${shared} from this run), ` +
          `${head.size + base.size - shared} analysed, `,
      );
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  it('does not build the base when nothing the build reads changed: a change outside the context', async () => {
    const repo = new TestRepo();
    repos.push(repo);
    const base = repo.commit(
      {
        'svc/Dockerfile': dockerfile(SEED, 'COPY app.txt /app/app.txt'),
        'svc/app.txt': 'app\n',
        'docs/README.md': 'v1\n',
      },
      'base',
    );
    repo.commit({ 'docs/README.md': 'v2\n' }, 'head: docs only');
    const { image, log } = await compare(repo.dir, { context: 'svc', dockerfile: 'svc/Dockerfile' }, base);
    expect(image.baseline).toEqual({ source: 'unchanged', ref: base });
    expect(image.base!.imageId).toBe(image.head!.imageId);
    expect(image.delta).toMatchObject({ size: 0, layerCount: 0 });
    expect(image.layerChanges.every((row) => row.status === 'unchanged')).toBe(true);
    expect(log.infos).toContain(
      `No file the build reads changed since the base commit ${base.slice(0, 12)}: the base image is the head image, so it is not built.`,
    );
    // The engine holds no image built from the base commit.
    expect(builtBy('-', base)).toEqual([]);

    // A change inside the context is built as before, and the log says what changed.
    repo.commit({ 'svc/app.txt': 'app v2\n' }, 'head: app');
    const built = await compare(repo.dir, { context: 'svc', dockerfile: 'svc/Dockerfile' }, base);
    expect(built.image.baseline).toMatchObject({ source: 'build', ref: base });
    expect(built.log.infos).toContain(
      `Building the base commit ${base.slice(0, 12)} (svc/app.txt changed since).`,
    );
    removeImages(...builtBy('-', base));
  });

  it('reports a slimming change as a negative delta, with changed and removed instructions', async () => {
    const repo = new TestRepo();
    repos.push(repo);
    const base = repo.commit(
      {
        Dockerfile: dockerfile(
          'RUN head -c 2000000 /dev/urandom > /shrinks',
          'RUN head -c 1000000 /dev/urandom > /goes',
          'COPY app.txt /app/app.txt',
        ),
        'app.txt': 'app\n',
      },
      'base',
    );
    repo.commit(
      {
        Dockerfile: dockerfile('RUN head -c 500000 /dev/urandom > /shrinks', 'COPY app.txt /app/app.txt'),
      },
      'head: slimmer',
    );
    const { image } = await compare(repo.dir, {}, base);
    const headSize = Number(inspectImage(image.head!.imageId, '{{.Size}}'));
    const baseSize = Number(inspectImage(image.base!.imageId, '{{.Size}}'));
    expect(image.delta!.size).toBe(headSize - baseSize);
    expect(image.delta!.size).toBeLessThan(0);
    expect(image.delta!.sizePercent).toBeCloseTo(((headSize - baseSize) / baseSize) * 100, 6);
    expect(image.delta!.layerCount).toBe(-1);

    const shrinkBase = layerSizeOf(image.base!.imageId, '/shrinks');
    const shrinkHead = layerSizeOf(image.head!.imageId, '/shrinks');
    const gone = layerSizeOf(image.base!.imageId, '/goes');
    const rows = image.layerChanges.filter((row) => !row.fromBase);
    expect(rows).toEqual([
      expect.objectContaining({
        status: 'changed',
        instruction: expect.objectContaining({ line: 2, text: 'RUN head -c 500000 /dev/urandom > /shrinks' }),
        baseSize: shrinkBase,
        headSize: shrinkHead,
        delta: shrinkHead - shrinkBase,
      }),
      expect.objectContaining({
        status: 'removed',
        // A removed row points at the base commit's Dockerfile line.
        instruction: expect.objectContaining({ line: 3, text: 'RUN head -c 1000000 /dev/urandom > /goes' }),
        baseSize: gone,
        headSize: null,
        delta: -gone,
      }),
      expect.objectContaining({ status: 'unchanged', delta: 0 }),
    ]);
    // Every byte of the delta is accounted for by the rows: the rows count file bytes, which is what
    // Size counts on a graphdriver store; on the containerd store it counts blobs, so there the rows
    // add up to the change in the layers' file bytes instead.
    const fileBytes = (layers: { size: number }[]): number => layers.reduce((sum, l) => sum + l.size, 0);
    expect(image.layerChanges.reduce((sum, row) => sum + row.delta, 0)).toBe(
      containerd ? fileBytes(image.head!.layers) - fileBytes(image.base!.layers) : image.delta!.size,
    );
    expect(repo.worktrees()).toEqual([repo.dir]);
  });

  it('has no baseline for a Dockerfile added in the head, and still measures it', async () => {
    const { image } = await compare(bloat.dir, { dockerfile: 'Dockerfile.new' }, bloatBase);
    expect(image.baseline).toEqual({ source: 'none', reason: 'new image' });
    expect(image.head!.size).toBe(Number(inspectImage(image.head!.imageId, '{{.Size}}')));
    expect(image.base).toBeNull();
    expect(image.delta).toBeNull();
    expect(image.layerChanges).toEqual([]);
  });

  it('lists a Dockerfile removed in the head instead of building it', async () => {
    const { report, image } = await compare(bloat.dir, { dockerfile: 'Dockerfile.gone' }, bloatBase);
    expect(image.baseline).toEqual({ source: 'none', ref: bloatBase, reason: 'removed' });
    expect(image.head).toBeNull();
    expect(image.budget.status).toBe('pass');
    expect(verdictLine(report, image)).toContain('removed in this change');
  });

  it('fails clearly (exit code 2) when the Dockerfile exists in neither commit', async () => {
    const attempt = compare(bloat.dir, { dockerfile: 'Dockerfile.never' }, bloatBase);
    await expect(attempt).rejects.toThrow(DietError);
    await expect(attempt).rejects.toThrow(/Dockerfile\.never" does not exist/);
    const error = (await attempt.catch((e: unknown) => e)) as DietError;
    expect(error.exitCode).toBe(2);
    expect(bloat.worktrees()).toEqual([bloat.dir]);
  });

  it('fetches the base commit into a shallow clone that lacks it', async () => {
    // GitHub serves any reachable commit by SHA; a plain repository must be told to.
    execFileSync('git', ['config', 'uploadpack.allowAnySHA1InWant', 'true'], { cwd: bloat.dir });
    const clone = new TestRepo('docker-diet-shallow-', `${bloat.dir}-shallow`);
    repos.push(clone);
    execFileSync('git', ['clone', '-q', '--depth=1', `file://${bloat.dir}`, clone.dir]);
    expect(clone.has(bloatBase)).toBe(false);

    const { image, log } = await compare(clone.dir, {}, bloatBase);
    expect(log.infos.join('\n')).toContain(`The base commit ${bloatBase} is not in this checkout`);
    expect(clone.has(bloatBase)).toBe(true);
    expect(image.baseline).toMatchObject({ source: 'build', ref: bloatBase });
    const witness =
      Number(inspectImage(image.head!.imageId, '{{.Size}}')) -
      Number(inspectImage(image.base!.imageId, '{{.Size}}'));
    expect(image.delta!.size).toBe(witness);
    expect(image.layerChanges.find((row) => row.status === 'added')?.instruction?.line).toBe(4);
    expect(clone.worktrees()).toEqual([clone.dir]);
  });

  it('enforces max-increase, honours the override label, and lets small percentage growth pass', async () => {
    const failing = await compare(bloat.dir, { 'max-increase': '1MB' }, bloatBase, {
      labels: async () => ['unrelated'],
    });
    expect(failing.image.budget.status).toBe('fail');
    expect(failing.image.budget.violations).toEqual([
      expect.objectContaining({
        budget: 'max-increase',
        limit: 1_000_000,
        actual: failing.image.delta!.size,
      }),
    ]);
    expect(failing.image.budget.overriddenBy).toBeUndefined();

    const overridden = await compare(bloat.dir, { 'max-increase': '1MB' }, bloatBase, {
      labels: async () => ['unrelated', OVERRIDE_LABEL],
    });
    expect(overridden.image.budget).toMatchObject({ status: 'warn', overriddenBy: OVERRIDE_LABEL });
    expect(overridden.image.budget.violations).toHaveLength(1);

    // 1 %: the 3 MB bloat is far over it and fails…
    const percent = await compare(bloat.dir, { 'max-increase': '1%' }, bloatBase);
    expect(percent.image.budget.status).toBe('fail');
    // …while 200 kB is also over 1 % of this small image, but under the 1 MB floor: it passes.
    const small = await compare(
      bloat.dir,
      { dockerfile: 'Dockerfile.small', 'max-increase': '1%' },
      bloatBase,
    );
    const little = layerSizeOf(small.image.head!.imageId, '/little');
    if (containerd) expect(Math.abs(small.image.delta!.size - little)).toBeLessThan(0.01 * little);
    else expect(small.image.delta!.size).toBe(little);
    expect(small.image.delta!.sizePercent).toBeGreaterThan(1);
    expect(small.image.delta!.size).toBeLessThan(1_000_000);
    expect(small.image.budget).toEqual({ status: 'pass', violations: [] });
  });

  it('has no baseline, but does not fail, when the base commit does not build; the worktree is gone', async () => {
    const repo = new TestRepo();
    repos.push(repo);
    const base = repo.commit(
      { Dockerfile: dockerfile('RUN echo "base is broken" && exit 3'), 'app.txt': 'app\n' },
      'base: broken',
    );
    repo.commit({ Dockerfile: dockerfile('COPY app.txt /app.txt') }, 'head: fixed');
    const { image, log } = await compare(repo.dir, { 'max-increase': '1MB' }, base);
    expect(image.head!.size).toBe(Number(inspectImage(image.head!.imageId, '{{.Size}}')));
    expect(image.baseline.source).toBe('none');
    expect(image.baseline.reason).toContain(`the base commit ${base.slice(0, 12)} does not build`);
    expect(image.baseline.reason).toMatch(/Dockerfile:2/);
    expect(image.baseline.reason).toMatch(/exit code: 3/);
    expect(log.warnings.join('\n')).toContain('does not build');
    // Without a baseline the increase budget cannot be evaluated: it does not fail the run.
    expect(image.budget.status).toBe('pass');
    expect(repo.worktrees()).toEqual([repo.dir]);
    expect(repo.worktreeEntries()).toEqual([]);
    expect(path.basename(repo.worktrees()[0]!)).toMatch(/^docker-diet-compare-/);
  });
});
