/**
 * Runs the bundled action (`dist/index.js`) the way the GitHub runner does: one `INPUT_<NAME>` per
 * input (hyphens kept), `GITHUB_OUTPUT` / `GITHUB_STEP_SUMMARY` files, and reads back what it wrote.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { engineEnv } from './engine-env.js';

/** What one action run produced. */
export interface ActionRun {
  status: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Parses the runner's `name<<DELIMITER … DELIMITER` output file format. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '');
    if (!match) continue;
    const [, name, delimiter] = match as unknown as [string, string, string];
    const value: string[] = [];
    for (i += 1; i < lines.length && lines[i] !== delimiter; i += 1) value.push(lines[i] ?? '');
    outputs[name] = value.join('\n');
  }
  return outputs;
}

/** The runner's files and environment for one run. */
interface PreparedRun {
  env: NodeJS.ProcessEnv;
  outputFile: string;
  summaryFile: string;
}

function prepareRun(inputs: Record<string, string>, env: Record<string, string>): PreparedRun {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-runner-'));
  const outputFile = path.join(dir, 'output');
  const summaryFile = path.join(dir, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const inputEnv = Object.fromEntries(
    Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]),
  );
  return {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      // The engine the test run is pointed at; a test's own DOCKER_HOST (below) still wins.
      ...engineEnv(),
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      RUNNER_TEMP: dir,
      // As on a runner; keeps the layer-analysis cache out of the user's ~/.cache.
      RUNNER_TOOL_CACHE: path.join(os.tmpdir(), 'docker-diet-test-cache'),
      GITHUB_ACTIONS: 'true',
      ...inputEnv,
      ...env,
    },
    outputFile,
    summaryFile,
  };
}

function collect(run: PreparedRun, status: number | null, stdout: string, stderr: string): ActionRun {
  return {
    status,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(run.outputFile, 'utf8')),
    summary: readFileSync(run.summaryFile, 'utf8'),
  };
}

/** Runs dist/index.js with these inputs and extra environment. */
export function runAction(inputs: Record<string, string>, env: Record<string, string> = {}): ActionRun {
  const run = prepareRun(inputs, env);
  const result = spawnSync(process.execPath, [path.resolve('dist/index.js')], {
    encoding: 'utf8',
    env: run.env,
    timeout: 300_000,
  });
  return collect(run, result.status, result.stdout, result.stderr);
}

/**
 * Like `runAction`, without blocking the test process: needed when the action talks to a server that
 * lives in the test process (the fake GitHub), which `spawnSync` would starve.
 */
export function runActionAsync(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<ActionRun> {
  const run = prepareRun(inputs, env);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.resolve('dist/index.js')], {
      env: run.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 300_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve(collect(run, status, stdout, stderr)));
  });
}

/** Lines of a run's log that are workflow commands of this kind, e.g. `warning` or `error`. */
export function commandLines(run: ActionRun, kind: 'error' | 'warning' | 'notice'): string[] {
  return run.stdout.split('\n').filter((line) => line.startsWith(`::${kind}`));
}

/** The parts of the JSON report the e2e tests read after a run. */
export interface RunReport {
  images: {
    head: { imageId: string } | null;
    base: { imageId: string } | null;
    baseline: { source: string };
  }[];
}

/** The JSON report a run wrote (its `report` output), with every image it built added to `images`. */
export function readRunReport(run: ActionRun, images: Set<string>): RunReport {
  const report = JSON.parse(readFileSync(run.outputs.report ?? '', 'utf8')) as RunReport;
  for (const image of report.images) {
    if (image.head) images.add(image.head.imageId);
    if (image.base) images.add(image.base.imageId);
  }
  return report;
}
