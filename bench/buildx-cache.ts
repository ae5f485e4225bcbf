/**
 * Buildx cache benchmark: what does an exported build cache save a cold head build? Through
 * `docker buildx build` (the engine's own builder, `docker` driver), in a temp folder with a Dockerfile
 * whose steps are unique to this run, it times:
 *   (a) a first build that exports its cache (`cache-to type=local,dest=DIR`)
 *   (b) a cold build without the cache (the image removed, this run's build cache records pruned)
 *   (c) a cold build reading the exported cache (`cache-from type=local,src=DIR`)
 * and prints (c)/(b). The `docker` driver exports a cache only with the containerd image store: on
 * another store the bench says so and stops. Needs buildx (scripts/ensure-buildx.sh) and the base
 * images (scripts/base-images.sh); bench.sh runs it against the 28-containerd engine.
 *
 *   npx tsx bench/buildx-cache.ts          (bench/index.ts calls runBuildxCacheBench())
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createDockerClient, type BuildOutcome, type BuildRequest } from '../src/docker/client.js';

/** One timed build. */
export interface TimedBuild {
  ms: number;
  cachedSteps: number;
  steps: number;
}

/** What the bench measured; undefined when the engine cannot export a cache through buildx. */
export interface BuildxCacheBenchResult {
  engine: string;
  buildx: string;
  exportBuild: TimedBuild;
  coldBuild: TimedBuild;
  warmBuild: TimedBuild;
  /** (c) / (b): below 1, the exported cache makes the cold build faster. */
  ratio: number;
}

const sh = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8' }).trim();

/** Runs the bench and prints its figures. */
export async function runBuildxCacheBench(): Promise<BuildxCacheBenchResult | undefined> {
  const engine = sh('docker', ['version', '--format', '{{.Server.Version}}']);
  const driverStatus = sh('docker', ['info', '--format', '{{json .DriverStatus}}']);
  const buildx = sh('docker', ['buildx', 'version']);
  if (!driverStatus.includes('io.containerd.snapshotter.v1')) {
    console.log(
      `buildx cache bench: Docker ${engine} does not use the containerd image store; buildx's docker driver ` +
        'exports no cache there. Run it against one that does (bash scripts/ensure-docker.sh 28-containerd).',
    );
    return undefined;
  }
  const token = randomUUID();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-bench-buildx-'));
  const cacheDir = path.join(dir, 'cache');
  mkdirSync(path.join(dir, 'app'));
  // CPU-bound steps (no network): compressing random bytes stands in for compiling dependencies.
  writeFileSync(
    path.join(dir, 'app', 'Dockerfile'),
    [
      'FROM docker-diet-base/busybox:1',
      // Slow steps with small results (hashes): the time is in the work, not in the layer.
      `RUN echo ${token} > /token && head -c 150000000 /dev/urandom | gzip -6 | sha256sum > /deps.sum`,
      `RUN echo ${token} && head -c 100000000 /dev/urandom | gzip -9 | sha256sum > /build.sum`,
      '',
    ].join('\n'),
  );
  const client = createDockerClient(process.env, { builder: 'buildx' });
  const request: BuildRequest = {
    context: path.join(dir, 'app'),
    dockerfile: path.join(dir, 'app', 'Dockerfile'),
    displayPath: 'Dockerfile',
  };
  /**
   * Removes the image and this run's build cache records only (other builds on the engine keep theirs):
   * every step names the token, so the filter finds each record (a record whose child stays cannot go).
   */
  const forget = async (outcome: BuildOutcome): Promise<void> => {
    await client.removeImage(outcome.imageId);
    sh('docker', ['builder', 'prune', '--force', '--filter', `description~=${token}`]);
  };
  const timed = async (extra: Partial<BuildRequest>): Promise<TimedBuild> => {
    const started = performance.now();
    const outcome = await client.build({ ...request, ...extra });
    const ms = performance.now() - started;
    await forget(outcome);
    return { ms, cachedSteps: outcome.steps.filter((s) => s.cached).length, steps: outcome.steps.length };
  };
  try {
    const exportBuild = await timed({ cacheTo: [`type=local,dest=${cacheDir}`] });
    const coldBuild = await timed({});
    const warmBuild = await timed({ cacheFrom: [`type=local,src=${cacheDir}`] });
    const result = {
      engine,
      buildx,
      exportBuild,
      coldBuild,
      warmBuild,
      ratio: warmBuild.ms / coldBuild.ms,
    };
    print(result);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function print(r: BuildxCacheBenchResult): void {
  const row = (label: string, t: TimedBuild) =>
    `| ${label.padEnd(52)} | ${`${(t.ms / 1000).toFixed(2)} s`.padStart(8)} | ${`${t.cachedSteps}/${t.steps}`.padStart(6)} |`;
  console.log(
    `buildx cache bench, ${new Date().toISOString().slice(0, 10)}: Docker ${r.engine}, ${r.buildx}`,
  );
  console.log(
    `| ${'build (docker-diet-base/busybox:1, 2 CPU-bound RUNs)'.padEnd(52)} | ${'wall'.padStart(8)} | cached |`,
  );
  console.log(`| ${'-'.repeat(52)} | ${'-'.repeat(8)} | ${'-'.repeat(6)} |`);
  console.log(row('(a) first build, exporting cache-to type=local', r.exportBuild));
  console.log(row('(b) cold build, no cache', r.coldBuild));
  console.log(row('(c) cold build, cache-from type=local', r.warmBuild));
  console.log(`| ${'ratio (c) / (b)'.padEnd(52)} | ${r.ratio.toFixed(2).padStart(8)} |        |`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runBuildxCacheBench();
