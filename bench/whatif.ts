/**
 * What-if benchmark: what does building and measuring the Dockerfile with its fixes applied add to a
 * run? For two Dockerfiles, each from a cleared build cache, it times a run with `what-if: false`, one
 * with `what-if: true` and one with `what-if: auto` (which skips the build when the steps it would
 * rerun took over half the head build), and prints the extra wall time ÷ the head build's time (the
 * cache is shared, so the what-if build only reruns the steps from the first fixed one on, and it runs
 * while the head image is measured):
 *   late  — the fix is near the end (a download cleaned up in a RUN of its own): most steps are cached
 *   early — the fix is in the package install near the top: nearly everything reruns
 * Needs the engine and Debian's mirror (apt).
 *
 *   npx tsx bench/whatif.ts           (bench/index.ts calls runWhatIfBench())
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDockerClient, type DockerClient } from '../src/docker/client.js';
import type { Logger } from '../src/logger.js';
import { runPipeline } from '../src/pipeline.js';
import { parseSettings } from '../src/config/settings.js';
import { formatBytes } from '../src/units/size.js';

const INSTALL = [
  'FROM docker-diet-base/debian:12',
  'RUN apt-get update && apt-get install -y --no-install-recommends jq tree less && rm -rf /var/lib/apt/lists/*',
];
const SCENARIOS: Record<string, string[]> = {
  late: [
    ...INSTALL,
    'RUN mkdir -p /opt/data && head -c 50000000 /dev/urandom > /opt/data/blob.bin',
    'COPY app/ /app/',
    'RUN head -c 20000000 /dev/urandom > /tmp/download.bin && cp /tmp/download.bin /app/data.bin',
    'RUN rm -rf /tmp/download.bin',
    'CMD ["/app/run.sh"]',
  ],
  early: [
    'FROM docker-diet-base/debian:12',
    'RUN apt-get update && apt-get install -y jq tree less',
    'RUN mkdir -p /opt/data && head -c 50000000 /dev/urandom > /opt/data/blob.bin',
    'COPY app/ /app/',
    'CMD ["/app/run.sh"]',
  ],
};

const quietLog: Logger = { info: () => undefined, warning: () => undefined, group: (_t, fn) => fn() };

/** One run's timings. */
interface RunTiming {
  wallMs: number;
  headBuildMs: number;
  saved?: number;
  /** True when the what-if build ran. */
  built: boolean;
}

/** What the bench measured per scenario. */
export interface WhatIfBenchRow {
  scenario: string;
  without: RunTiming;
  with: RunTiming;
  auto: RunTiming;
  /** (with − without) wall time ÷ the head build's time. */
  overhead: number;
  /** (auto − without) wall time ÷ the head build's time. */
  autoOverhead: number;
}

function coldStart(images: Set<string>): void {
  for (const image of images) {
    try {
      execFileSync('docker', ['image', 'rm', '-f', image], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
  images.clear();
  execFileSync('docker', ['builder', 'prune', '-af'], { stdio: 'ignore' });
}

async function runOnce(
  dir: string,
  whatIf: 'true' | 'false' | 'auto',
  images: Set<string>,
  layerCacheDir: string,
): Promise<RunTiming> {
  const inner = createDockerClient();
  const builds: number[] = [];
  const client: DockerClient = {
    ...inner,
    build: async (request, observer) => {
      const started = performance.now();
      const outcome = await inner.build(request, observer);
      builds.push(performance.now() - started);
      images.add(outcome.imageId);
      return outcome;
    },
  };
  const settings = parseSettings({ name: 'bench-what-if', 'what-if': whatIf }, dir, 'input', {});
  const started = performance.now();
  const { report, buildError } = await runPipeline(
    settings,
    // A fresh layer cache per run, as a CI runner without `actions/cache` has: the head's measure fills
    // it and the what-if image's measure reads the layers the two share from it.
    { docker: () => client, log: quietLog, workspace: dir, layerCacheDir },
    { lint: true, measure: true, compare: false },
  );
  const wallMs = performance.now() - started;
  if (buildError) throw buildError;
  const image = report.images[0]!;
  images.add(image.head!.imageId);
  const result = image.whatIf;
  if (whatIf === 'true' && (!result || 'error' in result))
    throw new Error(`the what-if build did not run: ${JSON.stringify(result)}`);
  return {
    wallMs,
    headBuildMs: builds[0] ?? 0,
    saved: result && 'savedBytes' in result ? result.savedBytes : undefined,
    built: result !== undefined,
  };
}

/** Runs every scenario and prints the table. */
export async function runWhatIfBench(): Promise<WhatIfBenchRow[]> {
  const engine = await createDockerClient().engine();
  const images = new Set<string>();
  const rows: WhatIfBenchRow[] = [];
  for (const [scenario, lines] of Object.entries(SCENARIOS)) {
    const dir = mkdtempSync(path.join(os.tmpdir(), `docker-diet-bench-what-if-${scenario}-`));
    try {
      writeFileSync(path.join(dir, 'Dockerfile'), `${lines.join('\n')}\n`);
      execFileSync('mkdir', ['-p', path.join(dir, 'app')]);
      writeFileSync(path.join(dir, 'app', 'run.sh'), '#!/bin/sh\nexec jq --version\n', { mode: 0o755 });
      // Each from a cleared build cache, with a fresh layer cache, as a CI runner starts.
      const cold = async (whatIf: 'true' | 'false' | 'auto'): Promise<RunTiming> => {
        coldStart(images);
        const layers = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-bench-layers-'));
        try {
          return await runOnce(dir, whatIf, images, layers);
        } finally {
          rmSync(layers, { recursive: true, force: true });
        }
      };
      const without = await cold('false');
      const withWhatIf = await cold('true');
      const auto = await cold('auto');
      rows.push({
        scenario,
        without,
        with: withWhatIf,
        auto,
        overhead: (withWhatIf.wallMs - without.wallMs) / withWhatIf.headBuildMs,
        autoOverhead: (auto.wallMs - without.wallMs) / auto.headBuildMs,
      });
    } finally {
      coldStart(images);
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  console.log(
    `what-if bench on Docker ${engine.version} (${engine.imageStore} store), ${new Date().toISOString().slice(0, 10)}, from a cleared build cache`,
  );
  console.log(
    '| scenario | head build | run without what-if | run with what-if | saved | overhead ÷ head build | `auto`: built? | `auto` overhead |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) {
    console.log(
      `| ${row.scenario} | ${s(row.with.headBuildMs)} | ${s(row.without.wallMs)} | ${s(row.with.wallMs)} | ` +
        `${row.with.saved === undefined ? '—' : formatBytes(row.with.saved)} | ${row.overhead.toFixed(2)}× | ` +
        `${row.auto.built ? 'yes' : 'no'} | ${row.autoOverhead.toFixed(2)}× |`,
    );
  }
  console.log(
    'target: overhead ≤ 0.5× with `what-if: auto` (it skips a what-if build whose rerun took over half the head build and over 30 s)',
  );
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await runWhatIfBench();
