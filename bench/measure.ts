/**
 * Measure benchmark: is measuring an image (one pass over `docker save`: layers, wasted bytes, gzip
 * estimate) about as fast as a plain `docker save`, and does its memory stay flat? Builds (once, kept
 * for later runs) an image of about 1 GB FROM docker-diet-base/debian:12, then times, side by side in
 * each round: `docker save > /dev/null`, a first measure with an empty layer-analysis cache, a second
 * measure of the unchanged image with that cache warm (answered from the cache, without a save), and a
 * measure of a new image with the same layers (a LABEL on top: saved, every layer read past from the
 * cache); each measure in a child process so its peak RSS and CPU time are its own.
 * Targets: first measure ≤ 1.3 × docker save; warm-cache measure ≤ 1.1 × docker save; peak RSS < 250 MB.
 *
 *   npx tsx bench/measure.ts          (bench/index.ts calls runMeasureBench())
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDockerClient } from '../src/docker/client.js';
import { LayerCache } from '../src/measure/layer-cache.js';
import { measureImage } from '../src/measure/step.js';
import { formatBytes } from '../src/units/size.js';

/** The bench image; kept between runs, rebuilt when its recipe (the tag's version) changes. */
export const MEASURE_BENCH_IMAGE = 'docker-diet-bench/measure:v1';
/** The bench image with a label on top: a new image ID, the same layers. */
const RELABELLED_IMAGE = 'docker-diet-bench/measure:v1-relabelled';

// ~1.02 GB: the debian base (117 MB), 300 MB random, two copies of /usr (real files, many small),
// 200 MB of text, and 200 MB random that a later layer deletes along with one /usr copy.
const DOCKERFILE = [
  'FROM docker-diet-base/debian:12',
  'RUN mkdir /data && head -c 300000000 /dev/urandom > /data/random.bin',
  'RUN cp -a /usr /usr-copy-1 && cp -a /usr /usr-copy-2',
  'RUN head -c 200000000 /dev/urandom > /tmp/scratch.bin',
  'RUN seq 1 25000000 > /data/numbers.txt',
  'RUN rm /tmp/scratch.bin && rm -rf /usr-copy-2',
].join('\n');

const TARGET_RATIO = 1.3;
const TARGET_WARM_RATIO = 1.1;
const TARGET_RSS = 250e6;

/** What one bench run measured. */
export interface MeasureBenchResult {
  image: string;
  /** The engine's version, as it reports it. */
  engineVersion: string;
  /** When the bench ran (ISO 8601). */
  date: string;
  imageSize: number;
  layers: number;
  /** Best wall time of `docker save > /dev/null`, ms. */
  saveMs: number;
  /**
   * When the engine sent the first byte of the save stream, ms (best round): engine 20.10 exports every
   * layer before it sends anything, so only the time after it is left for reading the bytes.
   */
  firstByteMs: number;
  /** Best wall time of a first measure, empty layer cache (save included: it reads the save stream), ms. */
  analysisMs: number;
  ratio: number;
  /** Best wall time of a second measure of the unchanged image with the layer cache warm, ms. */
  warmMs: number;
  warmRatio: number;
  /** Layers the warm measure still analysed (0 when the cache served every one). */
  warmAnalysed: number;
  /** Best wall time of a measure of a new image whose layers are all cached (saved, layers read past), ms. */
  relabelledMs: number;
  relabelledRatio: number;
  /** Size of the layer cache folder the first measure wrote. */
  cacheBytes: number;
  /** Peak RSS of the analysing process, bytes. */
  peakRss: number;
  /** CPU time (user + system) of the best analysis, ms: on few cores it competes with the engine's. */
  analysisCpuMs: number;
  /** 1-minute load average when the bench started: other work on the machine skews the times. */
  loadAverage: number;
  wastedBytes: number;
  compressedSize: number;
  meetsTargets: boolean;
}

/** Builds the image unless present, runs `rounds` rounds, prints a table and returns the numbers. */
export async function runMeasureBench(
  rounds = Number(process.env.BENCH_ROUNDS ?? 2),
): Promise<MeasureBenchResult> {
  const docker = createDockerClient();
  const loadAverage = os.loadavg()[0] ?? 0;
  const imageSize = await ensureImage();
  const layers = (await docker.inspectImage(MEASURE_BENCH_IMAGE)).diffIds.length;
  const saves: number[] = [];
  const firstBytes: number[] = [];
  const analyses: ChildReport[] = [];
  const warms: ChildReport[] = [];
  const relabelled: ChildReport[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-bench-cache-'));
    try {
      saves.push(await timeDockerSave());
      firstBytes.push(await timeFirstByte());
      analyses.push(await analyseInChild(cacheDir, MEASURE_BENCH_IMAGE));
      warms.push(await analyseInChild(cacheDir, MEASURE_BENCH_IMAGE));
      relabelled.push(await analyseInChild(cacheDir, RELABELLED_IMAGE));
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  }
  const saveMs = Math.min(...saves);
  const best = analyses.reduce((a, b) => (b.ms < a.ms ? b : a));
  const bestWarm = warms.reduce((a, b) => (b.ms < a.ms ? b : a));
  const bestRelabelled = relabelled.reduce((a, b) => (b.ms < a.ms ? b : a));
  const peakRss = Math.max(...analyses.map((report) => report.maxRss), ...warms.map((r) => r.maxRss));
  const ratio = best.ms / saveMs;
  const warmRatio = bestWarm.ms / saveMs;
  const result: MeasureBenchResult = {
    image: MEASURE_BENCH_IMAGE,
    engineVersion: (await docker.engine()).version,
    date: new Date().toISOString(),
    imageSize,
    layers,
    saveMs,
    firstByteMs: Math.min(...firstBytes),
    analysisMs: best.ms,
    ratio,
    warmMs: bestWarm.ms,
    warmRatio,
    warmAnalysed: Math.max(...warms.map((report) => report.analysed)),
    relabelledMs: bestRelabelled.ms,
    relabelledRatio: bestRelabelled.ms / saveMs,
    cacheBytes: best.cacheBytes,
    peakRss,
    analysisCpuMs: best.cpuMs,
    loadAverage,
    wastedBytes: best.wastedBytes,
    compressedSize: best.compressedSize,
    meetsTargets: ratio <= TARGET_RATIO && warmRatio <= TARGET_WARM_RATIO && peakRss < TARGET_RSS,
  };
  printTable(
    result,
    saves,
    analyses.map((report) => report.ms),
    warms.map((report) => report.ms),
    relabelled.map((report) => report.ms),
  );
  return result;
}

async function ensureImage(): Promise<number> {
  const docker = createDockerClient();
  const build = async (tag: string, dockerfile: string): Promise<void> => {
    const context = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-bench-'));
    try {
      writeFileSync(path.join(context, 'Dockerfile'), dockerfile);
      await docker.build({ context, dockerfile: path.join(context, 'Dockerfile'), tag });
    } finally {
      rmSync(context, { recursive: true, force: true });
    }
  };
  try {
    await docker.inspectImage(MEASURE_BENCH_IMAGE);
  } catch {
    console.log(`measure bench: building ${MEASURE_BENCH_IMAGE} (~1 GB, once)…`);
    await build(MEASURE_BENCH_IMAGE, DOCKERFILE);
  }
  await build(RELABELLED_IMAGE, `FROM ${MEASURE_BENCH_IMAGE}\nLABEL bench.docker-diet=relabelled\n`);
  return (await docker.inspectImage(MEASURE_BENCH_IMAGE)).size;
}

/** Wall time of the docker CLI saving the image to /dev/null: the engine's own export speed. */
async function timeDockerSave(): Promise<number> {
  const devNull = openSync('/dev/null', 'w');
  const started = performance.now();
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn('docker', ['save', MEASURE_BENCH_IMAGE], { stdio: ['ignore', devNull, 'inherit'] });
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`docker save exited with ${code}`)),
      );
    });
  } finally {
    closeSync(devNull);
  }
  return performance.now() - started;
}

/** Time until the engine sends the first byte of the image's save stream (the rest is drained). */
async function timeFirstByte(): Promise<number> {
  const started = performance.now();
  const stream = await createDockerClient().saveImage(MEASURE_BENCH_IMAGE);
  let first: number | undefined;
  for await (const _chunk of stream) first ??= performance.now() - started;
  return first ?? performance.now() - started;
}

interface ChildReport {
  ms: number;
  cpuMs: number;
  /** Layers analysed (not served by the layer cache). */
  analysed: number;
  /** Bytes of the layer cache folder after the measure. */
  cacheBytes: number;
  maxRss: number;
  wastedBytes: number;
  compressedSize: number;
}

/**
 * Runs this file with `--analyse <cache dir>` in a fresh Node (through tsx), so nothing but the cache
 * folder carries over between measures, and reads its report line.
 */
async function analyseInChild(cacheDir: string, reference: string): Promise<ChildReport> {
  const self = fileURLToPath(import.meta.url);
  let stdout = '';
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', self, '--analyse', cacheDir, reference], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`analysis exited with ${code}`))));
  });
  const line = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as ChildReport;
}

/** The child: one measure (as the action does it), then its wall time and peak RSS as one JSON line. */
async function analyse(cacheDir: string, reference: string): Promise<void> {
  const docker = createDockerClient();
  const layerCache = new LayerCache({ dir: cacheDir });
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const { analysis } = await measureImage(docker, {
    reference,
    pathGlobs: ['/var/lib/apt/lists/**', '/tmp/**'],
    layerCache,
  });
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const report: ChildReport = {
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    analysed: layerCache.stats.misses,
    cacheBytes: folderBytes(cacheDir),
    // resourceUsage reports kilobytes.
    maxRss: process.resourceUsage().maxRSS * 1024,
    wastedBytes: analysis.wastedBytes,
    compressedSize: analysis.layers.reduce((sum, layer) => sum + layer.compressedSize, 0),
  };
  console.log(JSON.stringify(report));
}

/** Bytes of the files under `dir`. */
function folderBytes(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(path.join(entry.parentPath, entry.name)).size, 0);
}

function printTable(
  result: MeasureBenchResult,
  saves: number[],
  analyses: number[],
  warms: number[],
  relabelled: number[],
): void {
  const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  const verdict = (ok: boolean): string => (ok ? 'ok' : 'MISSED');
  console.log(
    `\nmeasure bench: ${result.image}, ${formatBytes(result.imageSize)} in ${result.layers} layers, ` +
      `Docker ${result.engineVersion}, ${result.date}, ` +
      `${os.cpus().length} CPUs, load average ${result.loadAverage.toFixed(1)} at start`,
  );
  console.log('| what                          | result   | target   |       |');
  console.log('| ----------------------------- | -------- | -------- | ----- |');
  const row = (what: string, value: string, target: string, ok?: boolean): void =>
    console.log(
      `| ${what.padEnd(29)} | ${value.padEnd(8)} | ${target.padEnd(8)} | ${(ok === undefined ? '' : verdict(ok)).padEnd(5)} |`,
    );
  row('docker save > /dev/null', seconds(result.saveMs), '');
  row('  of which before first byte', seconds(result.firstByteMs), '');
  row('analysis (save + analyse)', seconds(result.analysisMs), '');
  row('  after the first byte', seconds(result.analysisMs - result.firstByteMs), '');
  row('analysis CPU (all threads)', seconds(result.analysisCpuMs), '');
  // The target "analysis wall < analysis CPU": once bytes flow, more than one core is at work.
  const cores = result.analysisCpuMs / Math.max(1, result.analysisMs - result.firstByteMs);
  row('  CPU ÷ wall after first byte', `${cores.toFixed(2)}×`, '> 1×', cores > 1);
  row(
    'ratio analysis / save',
    `${result.ratio.toFixed(2)}×`,
    `≤ ${TARGET_RATIO}×`,
    result.ratio <= TARGET_RATIO,
  );
  row('warm cache, same image', seconds(result.warmMs), '');
  row('  layers it analysed', String(result.warmAnalysed), '0', result.warmAnalysed === 0);
  row(
    'ratio warm cache / save',
    `${result.warmRatio.toFixed(2)}×`,
    `≤ ${TARGET_WARM_RATIO}×`,
    result.warmRatio <= TARGET_WARM_RATIO,
  );
  row('warm layers, new image', seconds(result.relabelledMs), '');
  row('  ratio to save', `${result.relabelledRatio.toFixed(2)}×`, '');
  row('layer cache folder', formatBytes(result.cacheBytes), '');
  row('analysis peak RSS', formatBytes(result.peakRss), '< 250 MB', result.peakRss < TARGET_RSS);
  row('wasted bytes found', formatBytes(result.wastedBytes), '');
  row('estimated pull size', formatBytes(result.compressedSize), '');
  console.log(
    `rounds: save ${saves.map(seconds).join(', ')}; analysis ${analyses.map(seconds).join(', ')}; ` +
      `warm ${warms.map(seconds).join(', ')}; warm layers ${relabelled.map(seconds).join(', ')}\n`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--analyse');
  const run =
    at >= 0
      ? analyse(process.argv[at + 1] ?? '', process.argv[at + 2] ?? MEASURE_BENCH_IMAGE)
      : runMeasureBench().then(() => undefined);
  run.catch((error: unknown) => {
    console.error(`measure bench failed: ${(error as Error).message}`);
    process.exitCode = 1;
  });
}
