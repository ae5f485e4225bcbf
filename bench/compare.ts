/**
 * Compare benchmark: what does a baseline cost? In a temp git repository with two commits of a
 * realistic Dockerfile (FROM docker-diet-base/debian:12, apt-get install, a ~50 MB RUN, a COPY of the
 * app that the head commit changes), it times, each from a cleared build cache:
 *   (a) `compare` through runPipeline: head build + base build (sharing BuildKit's cache) + measuring
 *   (b) two independent plain builds of the same two commits, cache cleared and images removed between
 *   (c) `compare` with a registry baseline (base image pushed to 127.0.0.1:5000 beforehand)
 *   (d) one plain build of the head
 *   (e) `compare` with a stored baseline: the base commit's report in git notes (stored by a main-branch
 *       run beforehand), so only the head is built; no layer-analysis cache, as on a fresh runner;
 *       then again with the layer-analysis cache the main-branch run left (`actions/cache` restores it)
 *   (f) one plain build of the head and a `docker save` of it
 *   (g) (e) as CI runs it with both caches the main-branch run left: its build cache (`cache-from`) and
 *       its layer-analysis cache (`actions/cache`), so the unchanged steps are neither rebuilt nor read
 *   (h) (f) from that same build cache
 *   ((g) and (h) run three times, alternating, or BENCH_CARRIED_RUNS times; their medians are compared)
 * and prints (a)/(b), (c)/(d), (e)/(f) and (g)/(h) (target ≤ 1.1×). Needs the engine, Debian's mirror (apt) and
 * the local registry.
 *
 *   npx tsx bench/compare.ts          (bench/index.ts calls runCompareBench())
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createDockerClient, type DockerClient } from '../src/docker/client.js';
import type { Logger } from '../src/logger.js';
import { runPipeline } from '../src/pipeline.js';
import type { RawInputs } from '../src/config/inputs.js';
import { parseSettings } from '../src/config/settings.js';
import { formatBytes, formatBytesDelta } from '../src/units/size.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REGISTRY_IMAGE = '127.0.0.1:5000/docker-diet-bench/compare:main';

const DOCKERFILE = [
  'FROM docker-diet-base/debian:12',
  'RUN apt-get update \\',
  '    && apt-get install -y --no-install-recommends jq tree less \\',
  '    && rm -rf /var/lib/apt/lists/*',
  // Stands in for dependencies or a model: large, and unchanged by the pull request.
  'RUN mkdir -p /opt/data && head -c 50000000 /dev/urandom > /opt/data/blob.bin',
  'COPY app/ /app/',
  'CMD ["/app/run.sh"]',
].join('\n');

/** Wall time of one scenario, split into what the engine spent building and the rest. */
export interface ScenarioTiming {
  wallMs: number;
  buildMs: number;
}

/** What one compare bench run measured. */
export interface CompareBenchResult {
  /** (a) compare, base built from the base commit. */
  compareBuild: ScenarioTiming & { baseCachedSteps: number; baseTotalSteps: number; delta: number };
  /** (b) two plain builds, cache cleared in between. */
  twoColdBuilds: ScenarioTiming;
  /** (c) compare with a registry baseline. */
  compareRegistry: ScenarioTiming & { delta: number };
  /** (d) one plain build of the head. */
  oneBuild: ScenarioTiming;
  /** (e) compare with a stored baseline (git notes): only the head is built. */
  compareStored: ScenarioTiming & { delta: number; builds: number };
  /** (e) with the layer-analysis cache of the main-branch run. */
  compareStoredWarm: ScenarioTiming;
  /** (f) one plain build of the head and `docker save` of it. */
  buildAndSave: ScenarioTiming;
  /** (a) / (b) wall time: below 1, compare costs less than building both commits from scratch. */
  buildRatio: number;
  /** (a) / (b) counting build time only: what sharing the cache saves on the builds themselves. */
  buildOnlyRatio: number;
  /** (c) / (d): the cost of measuring and comparing on top of the build alone. */
  registryRatio: number;
  /** (e) / (f): a PR check with a stored baseline against building and saving the head; target ≤ 1.1. */
  storedRatio: number;
  /** The same with the layer-analysis cache warm. */
  storedWarmRatio: number;
  /** (g) compare with a stored baseline, the build cache and the layer cache carried from main (median run). */
  compareStoredCarried: ScenarioTiming;
  /** (h) the head build from main's build cache and a `docker save` of it (median run). */
  buildAndSaveCarried: ScenarioTiming;
  /** (g) / (h) of the medians: the PR check as CI runs it with both caches carried; target ≤ 1.1. */
  storedCarriedRatio: number;
  /** (g) / (h) of each of the `CARRIED_RUNS` pairs, in the order run. */
  carriedRatios: number[];
}

/** How many times the (g)/(h) pair runs (odd; `BENCH_CARRIED_RUNS` overrides it); the medians are compared. */
const CARRIED_RUNS = Math.max(1, Math.floor(Number(process.env.BENCH_CARRIED_RUNS ?? 3)) | 1);

/** The run with the median wall time (of an odd count). */
function median(runs: readonly ScenarioTiming[]): ScenarioTiming {
  return [...runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(runs.length / 2)]!;
}

const quietLog: Logger = { info: () => undefined, warning: () => undefined, group: (_t, fn) => fn() };

function sh(command: string, args: string[], cwd = ROOT): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function git(cwd: string, ...args: string[]): string {
  return sh('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args], cwd);
}

/** Every scenario starts here: no build cache, none of the bench's images. */
function coldStart(images: Set<string>): void {
  for (const image of images) {
    try {
      sh('docker', ['image', 'rm', '-f', image]);
    } catch {
      // already gone
    }
  }
  images.clear();
  sh('docker', ['builder', 'prune', '-af']);
}

/** A client that adds up the time spent in builds. */
function timedClient(images: Set<string>): {
  client: DockerClient;
  buildMs: () => number;
  builds: () => number;
} {
  const inner = createDockerClient();
  let total = 0;
  let count = 0;
  return {
    client: {
      ...inner,
      build: async (request, observer) => {
        const started = performance.now();
        const outcome = await inner.build(request, observer);
        total += performance.now() - started;
        count += 1;
        images.add(outcome.imageId);
        return outcome;
      },
    },
    buildMs: () => total,
    builds: () => count,
  };
}

/** A repository with a base and a head commit; the head changes the app only, as most PRs do. */
function makeRepo(): { dir: string; base: string; head: string; exports: { base: string; head: string } } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-bench-compare-'));
  git(dir, 'init', '-q', '-b', 'main');
  mkdirSync(path.join(dir, 'app'));
  writeFileSync(path.join(dir, 'Dockerfile'), `${DOCKERFILE}\n`);
  writeFileSync(path.join(dir, 'app', 'run.sh'), '#!/bin/sh\necho "v1"\n', { mode: 0o755 });
  writeFileSync(path.join(dir, 'app', 'config.json'), JSON.stringify({ version: 1 }));
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'base');
  const base = git(dir, 'rev-parse', 'HEAD');
  writeFileSync(path.join(dir, 'app', 'run.sh'), '#!/bin/sh\necho "v2"\nexec jq . /app/config.json\n');
  writeFileSync(path.join(dir, 'app', 'assets.txt'), 'asset line\n'.repeat(100_000));
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'head');
  const head = git(dir, 'rev-parse', 'HEAD');
  // Plain checkouts of both commits for the plain builds.
  const exports = { base: `${dir}-base`, head: `${dir}-head` };
  for (const [name, sha] of Object.entries({ base, head })) {
    const target = exports[name as 'base' | 'head'];
    mkdirSync(target);
    execFileSync('sh', ['-c', `git archive ${sha} | tar -x -C "${target}"`], { cwd: dir });
  }
  return { dir, base, head, exports };
}

async function compareOnce(
  dir: string,
  raw: RawInputs,
  baseRef: string | undefined,
  images: Set<string>,
): Promise<{ timing: ScenarioTiming; cached: number; total: number; delta: number; builds: number }> {
  const timed = timedClient(images);
  const started = performance.now();
  const { report, buildError } = await runPipeline(
    parseSettings({ name: 'bench', ...raw }, dir, 'input', {}),
    { docker: () => timed.client, log: quietLog, workspace: dir, defaultBaseRef: baseRef },
    { lint: false, measure: true, compare: true },
  );
  const wallMs = performance.now() - started;
  const image = report.images[0];
  if (buildError || !image?.delta) {
    throw new Error(`compare did not produce a delta: ${buildError?.message ?? image?.baseline.reason}`);
  }
  return {
    timing: { wallMs, buildMs: timed.buildMs() },
    cached: image.baseline.cache?.cachedSteps ?? 0,
    total: image.baseline.cache?.totalSteps ?? 0,
    delta: image.delta.size,
    builds: timed.builds(),
  };
}

/** Wall time of `docker save` of `image` to /dev/null. */
function timeSave(image: string): number {
  const started = performance.now();
  execFileSync('sh', ['-c', `docker save "${image}" > /dev/null`]);
  return performance.now() - started;
}

/**
 * The main-branch run: measures the base commit and stores it in git notes, with a fresh layer cache
 * whose folder it returns (the caller removes it).
 */
async function storeOnMain(
  docker: DockerClient,
  repo: { dir: string; base: string },
  images: Set<string>,
): Promise<string> {
  git(repo.dir, 'checkout', '-q', repo.base);
  const layerCache = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-bench-compare-layers-'));
  const stored = await runPipeline(
    parseSettings(
      { name: 'bench', store: 'true', compare: 'none', 'layer-cache': layerCache },
      repo.dir,
      'input',
      {},
    ),
    { docker: () => docker, log: quietLog, workspace: repo.dir },
    { lint: false, measure: true, compare: false },
  );
  for (const image of stored.report.images) if (image.head) images.add(image.head.imageId);
  git(repo.dir, 'checkout', '-q', 'main');
  return layerCache;
}

/** A plain build of `dir` and a `docker save` of the image; `buildMs` is the build's part. */
async function timeBuildAndSave(
  docker: DockerClient,
  dir: string,
  images: Set<string>,
): Promise<ScenarioTiming> {
  const started = performance.now();
  const outcome = await docker.build({ context: dir, dockerfile: path.join(dir, 'Dockerfile') });
  const buildMs = performance.now() - started;
  images.add(outcome.imageId);
  return { wallMs: buildMs + timeSave(outcome.imageId), buildMs };
}

async function plainBuild(docker: DockerClient, dir: string, images: Set<string>): Promise<number> {
  const started = performance.now();
  const outcome = await docker.build({ context: dir, dockerfile: path.join(dir, 'Dockerfile') });
  images.add(outcome.imageId);
  return performance.now() - started;
}

/** Runs the four scenarios once and prints a table. */
export async function runCompareBench(
  options: { print?: (line: string) => void } = {},
): Promise<CompareBenchResult> {
  const print = options.print ?? ((line: string) => console.log(line));
  sh('bash', [path.join(ROOT, 'scripts/ensure-registry.sh')]);
  const docker = createDockerClient();
  const images = new Set<string>();
  const repo = makeRepo();
  try {
    // (a) compare: the head build warms the cache the base build then uses.
    coldStart(images);
    const a = await compareOnce(repo.dir, {}, repo.base, images);

    // (b) the same two builds with nothing shared.
    coldStart(images);
    const headMs = await plainBuild(docker, repo.exports.head, images);
    coldStart(images);
    const baseMs = await plainBuild(docker, repo.exports.base, images);
    const twoColdBuilds = { wallMs: headMs + baseMs, buildMs: headMs + baseMs };

    // (c) registry baseline: the base branch's image was pushed by an earlier CI run.
    coldStart(images);
    const pushed = await docker.build({
      context: repo.exports.base,
      dockerfile: path.join(repo.exports.base, 'Dockerfile'),
      tag: REGISTRY_IMAGE,
    });
    sh('docker', ['push', '-q', REGISTRY_IMAGE]);
    images.add(pushed.imageId).add(REGISTRY_IMAGE);
    coldStart(images);
    const c = await compareOnce(
      repo.dir,
      { 'base-image': REGISTRY_IMAGE, compare: 'registry' },
      undefined,
      images,
    );

    // (d) the head build alone.
    coldStart(images);
    const dMs = await plainBuild(docker, repo.exports.head, images);

    // (e) stored baseline: a main-branch run measured the base commit and stored it in git notes.
    const layerCache = await storeOnMain(docker, repo, images);
    coldStart(images);
    const e = await compareOnce(repo.dir, { compare: 'stored' }, repo.base, images);
    if (e.builds !== 1) throw new Error(`the stored-baseline run built ${e.builds} images, not 1`);
    coldStart(images);
    const eWarm = await compareOnce(
      repo.dir,
      { compare: 'stored', 'layer-cache': layerCache },
      repo.base,
      images,
    );
    rmSync(layerCache, { recursive: true, force: true });

    // (f) the head build and a save of it, as any check that reads the image would.
    coldStart(images);
    const f = await timeBuildAndSave(docker, repo.exports.head, images);
    const [fBuildMs, fSaveMs] = [f.buildMs, f.wallMs - f.buildMs];

    // (g) as CI with a build cache (`cache-from`) and the layer cache (`actions/cache`) both carried
    // from the main-branch run: the steps the pull request did not change keep their layers, so they
    // are neither rebuilt nor analysed again. (h) is the head build and save from the same build cache.
    // Both take a few seconds, and one `docker save` varies by a few tenths of a second between runs
    // here: the pair runs CARRIED_RUNS times, alternating, and the medians are compared.
    const gRuns: ScenarioTiming[] = [];
    const hRuns: ScenarioTiming[] = [];
    for (let run = 0; run < CARRIED_RUNS; run++) {
      coldStart(images);
      const carried = await storeOnMain(docker, repo, images);
      const g = await compareOnce(repo.dir, { compare: 'stored', 'layer-cache': carried }, repo.base, images);
      gRuns.push(g.timing);
      rmSync(carried, { recursive: true, force: true });
      coldStart(images);
      await plainBuild(docker, repo.exports.base, images);
      hRuns.push(await timeBuildAndSave(docker, repo.exports.head, images));
    }
    const g = median(gRuns);
    const h = median(hRuns);

    const result: CompareBenchResult = {
      compareBuild: { ...a.timing, baseCachedSteps: a.cached, baseTotalSteps: a.total, delta: a.delta },
      twoColdBuilds,
      compareRegistry: { ...c.timing, delta: c.delta },
      oneBuild: { wallMs: dMs, buildMs: dMs },
      compareStored: { ...e.timing, delta: e.delta, builds: e.builds },
      compareStoredWarm: eWarm.timing,
      buildAndSave: { wallMs: fBuildMs + fSaveMs, buildMs: fBuildMs },
      buildRatio: a.timing.wallMs / twoColdBuilds.wallMs,
      buildOnlyRatio: a.timing.buildMs / twoColdBuilds.buildMs,
      registryRatio: c.timing.wallMs / dMs,
      storedRatio: e.timing.wallMs / (fBuildMs + fSaveMs),
      storedWarmRatio: eWarm.timing.wallMs / (fBuildMs + fSaveMs),
      compareStoredCarried: g,
      buildAndSaveCarried: h,
      storedCarriedRatio: g.wallMs / h.wallMs,
      carriedRatios: gRuns.map((run, i) => run.wallMs / hRuns[i]!.wallMs),
    };
    printTable(result, print);
    return result;
  } finally {
    coldStart(images);
    for (const dir of [repo.dir, repo.exports.base, repo.exports.head])
      rmSync(dir, { recursive: true, force: true });
  }
}

function printTable(r: CompareBenchResult, print: (line: string) => void): void {
  const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`.padStart(8);
  const row = (label: string, t: ScenarioTiming, note = ''): string =>
    `${label.padEnd(54)}${s(t.wallMs)}${s(t.buildMs)}${s(t.wallMs - t.buildMs)}  ${note}`;
  print(
    'Dockerfile: FROM debian:12, apt-get install (3 packages), 50 MB RUN, COPY app/ (changed by the head)',
  );
  print(
    `${'scenario (a–f from a cleared build cache)'.padEnd(54)}${'wall'.padStart(8)}${'build'.padStart(8)}${'rest'.padStart(8)}`,
  );
  print(
    row(
      '(a) compare: head + base build sharing the cache',
      r.compareBuild,
      `base build ${r.compareBuild.baseCachedSteps}/${r.compareBuild.baseTotalSteps} steps cached; delta ${formatBytesDelta(r.compareBuild.delta)}`,
    ),
  );
  print(row('(b) two plain builds, cache cleared in between', r.twoColdBuilds));
  print(
    `${'    (a) / (b)'.padEnd(54)}${r.buildRatio.toFixed(2).padStart(8)}${r.buildOnlyRatio.toFixed(2).padStart(8)}`,
  );
  print(
    row(
      '(c) compare with a registry baseline',
      r.compareRegistry,
      `delta ${formatBytesDelta(r.compareRegistry.delta)} (base size estimated)`,
    ),
  );
  print(row('(d) one plain build of the head', r.oneBuild));
  print(`${'    (c) / (d)'.padEnd(54)}${r.registryRatio.toFixed(2).padStart(8)}`);
  print(
    row(
      '(e) compare with a stored baseline (git notes)',
      r.compareStored,
      `${r.compareStored.builds} build; delta ${formatBytesDelta(r.compareStored.delta)}`,
    ),
  );
  print(row("    the same, with the main branch's layer cache", r.compareStoredWarm));
  print(row('(f) one plain build of the head + docker save', r.buildAndSave));
  const verdict = (ratio: number): string => `target ≤ 1.1: ${ratio <= 1.1 ? 'ok' : 'MISSED'}`;
  print(`${'    (e) / (f)'.padEnd(54)}${r.storedRatio.toFixed(2).padStart(8)}  ${verdict(r.storedRatio)}`);
  print(
    `${'    (e, cache warm) / (f)'.padEnd(54)}${r.storedWarmRatio.toFixed(2).padStart(8)}  ${verdict(r.storedWarmRatio)}`,
  );
  print(
    row(
      "(g) (e) with main's build cache and layer cache carried",
      r.compareStoredCarried,
      `as CI with \`cache-from\` and \`actions/cache\`; median of ${CARRIED_RUNS}`,
    ),
  );
  print(row("(h) (f) from main's build cache", r.buildAndSaveCarried, `median of ${CARRIED_RUNS}`));
  print(
    `${'    (g) / (h)'.padEnd(54)}${r.storedCarriedRatio.toFixed(2).padStart(8)}  ${verdict(r.storedCarriedRatio)}` +
      ` (each pair: ${r.carriedRatios.map((ratio) => ratio.toFixed(2)).join(', ')})`,
  );
  print(
    `("rest" is measuring: docker save + layer analysis, history mapping, registry reads; ${formatBytes(50_000_000)} RUN layer)`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runCompareBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
