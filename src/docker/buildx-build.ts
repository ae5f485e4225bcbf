/**
 * Builds through a buildx builder: `docker buildx build --load --metadata-file F --progress=rawjson`,
 * run with the same environment (DOCKER_HOST, docker context) the engine client uses. Its status
 * objects go through the same progress folding as the Engine API's trace, so progress lines, failures
 * mapped to Dockerfile lines and BuildKit's warnings read the same whichever builder built.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { environmentError, usageError } from '../errors.js';
import { describeBuildFailure } from './build-error.js';
import { sessionArguments } from './build-options.js';
import { BuildProgress } from './build-progress.js';
import { parseBuildCheckWarning } from './build-warnings.js';
import { parseBuildxLine } from './buildx-status.js';
import type { BuildObserver, BuildOutcome, BuildRequest, ImageInspection } from './client.js';
import { sizeContext } from './context.js';
import { readDockerfileModel } from './dockerfile-model.js';

/** What a buildx build needs from its surroundings. */
export interface BuildxDeps {
  /** The environment buildx runs with (where the engine is, the run's secret variables). */
  env: NodeJS.ProcessEnv;
  /** A buildx builder's name; undefined uses buildx's current builder. */
  builderName?: string;
  /** Inspects the loaded image through the engine (its id as `docker image inspect` gives it). */
  inspectImage(reference: string): Promise<ImageInspection>;
}

/** Text lines of buildx's own output kept for the failure message. */
const KEPT_TEXT_LINES = 40;

/** True when `docker buildx version` runs: the CLI and its buildx plugin are installed. */
export function buildxAvailable(env: NodeJS.ProcessEnv): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn('docker', ['buildx', 'version'], { env, stdio: 'ignore' });
    child.on('error', () => resolve(false));
    child.on('close', (code) => resolve(code === 0));
  });
}

/** `docker buildx build` arguments for a request, the metadata file and the extra environment. */
export function buildxArguments(
  request: BuildRequest,
  metadataFile: string,
  builderName?: string,
): { args: string[]; env: Record<string, string> } {
  const session = sessionArguments(request);
  const args = ['buildx', 'build'];
  if (builderName) args.push('--builder', builderName);
  // Provenance attestations are not image content: left out, the image is what the Engine API builds.
  args.push('--load', '--provenance=false', '--metadata-file', metadataFile, '--progress=rawjson');
  args.push('--file', request.dockerfile);
  if (request.target) args.push('--target', request.target);
  if (request.platform) args.push('--platform', request.platform);
  if (request.noCache) args.push('--no-cache');
  if (request.tag) args.push('--tag', request.tag);
  for (const [key, value] of Object.entries(request.buildArgs ?? {}))
    args.push('--build-arg', `${key}=${value}`);
  for (const [key, value] of Object.entries(request.labels ?? {})) args.push('--label', `${key}=${value}`);
  args.push(...session.args, request.context);
  return { args, env: session.env };
}

/** Builds with buildx; throws a BuildFailedError when the build fails, a DietError when buildx cannot run. */
export async function buildWithBuildx(
  request: BuildRequest,
  watch: BuildObserver,
  deps: BuildxDeps,
): Promise<BuildOutcome> {
  const context = await sizeContext(request.context, request.dockerfile);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'docker-diet-buildx-'));
  try {
    const metadataFile = path.join(dir, 'metadata.json');
    // A Dockerfile given as text (the what-if build) is written beside the metadata file: buildx reads
    // it from there, while `COPY` still sees the context's own copy of the file.
    let file = request.dockerfile;
    if (request.dockerfileText !== undefined) {
      file = path.join(dir, path.basename(request.dockerfile));
      await fs.writeFile(file, request.dockerfileText);
    }
    const { args, env } = buildxArguments({ ...request, dockerfile: file }, metadataFile, deps.builderName);
    const progress = new BuildProgress();
    const text: string[] = [];
    let exit: { code: number | null; spawnError?: Error };
    try {
      exit = await runBuildx(args, { ...deps.env, ...env }, (line) => {
        const parsed = parseBuildxLine(line);
        if (!parsed) return;
        if (parsed.type === 'text') {
          text.push(parsed.text);
          if (text.length > KEPT_TEXT_LINES) text.shift();
          watch.onEvent?.({ type: 'log', text: parsed.text });
          return;
        }
        const update = progress.add(parsed.trace);
        watch.onProgress?.(update, progress);
      });
    } finally {
      const lines = progress.finish();
      if (lines.length > 0) watch.onProgress?.({ vertexes: [], lines, statuses: [], warnings: [] }, progress);
      watch.onEnd?.(progress);
    }
    if (exit.spawnError) {
      throw environmentError(
        `docker buildx could not be started: ${exit.spawnError.message}.`,
        'Install the docker CLI with its buildx plugin (docker/setup-buildx-action in a workflow), or set `builder: engine`.',
      );
    }
    if (exit.code !== 0) throw await buildxFailure(request, progress, text, deps.builderName);
    const imageId = await loadedImageId(request, metadataFile, deps);
    return {
      imageId,
      contextBytes: context.bytes,
      contextFiles: context.files,
      steps: progress.steps(),
      warnings: progress.warnings().flatMap((w) => parseBuildCheckWarning(w) ?? []),
    };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** Runs docker with `args`, feeding each stderr line (rawjson goes there) to `onLine`. */
function runBuildx(
  args: string[],
  env: NodeJS.ProcessEnv,
  onLine: (line: string) => void,
): Promise<{ code: number | null; spawnError?: Error }> {
  return new Promise((resolve) => {
    const child = spawn('docker', args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let spawnError: Error | undefined;
    child.on('error', (error) => (spawnError = error));
    const lines = createInterface({ input: child.stderr, crlfDelay: Infinity });
    lines.on('line', onLine);
    const closed = new Promise<void>((done) => lines.on('close', done));
    child.on('close', (code) => void closed.then(() => resolve({ code, spawnError })));
  });
}

/** The error for a failed buildx run: a step that failed, or buildx's own complaint. */
async function buildxFailure(
  request: BuildRequest,
  progress: BuildProgress,
  text: string[],
  builderName?: string,
): Promise<Error> {
  const errorLine = [...text].reverse().find((line) => /^ERROR:/.test(line));
  const failure = progress.failure();
  const engineMessage = (errorLine ?? text.at(-1) ?? 'docker buildx build failed').replace(/^ERROR:\s*/, '');
  if (!failure && /no builder .* found|failed to find driver|builder .* not found/i.test(engineMessage)) {
    return usageError(
      `buildx builder "${builderName ?? 'current'}" does not exist: ${engineMessage}`,
      'Name a builder `docker buildx ls` lists (docker/setup-buildx-action outputs it as `name`), or set `builder: buildx`.',
    );
  }
  if (!failure && /unsupported frontend capability moby\.buildkit\.frontend\.contexts/.test(engineMessage)) {
    return usageError(
      `\`build-contexts\` need a newer Dockerfile frontend than this engine's: ${engineMessage}`,
      'Use an engine from Docker 23 on, a `docker-container` builder, or a `# syntax=docker/dockerfile:1` line (its frontend comes from a registry); or drop `build-contexts`.',
    );
  }
  if (!failure && /cache export is not supported/i.test(engineMessage)) {
    return usageError(
      `\`cache-to\` cannot export here: ${engineMessage}`,
      "buildx's `docker` driver exports a cache only with the containerd image store. Use a `docker-container` builder (docker/setup-buildx-action makes one; CLI: --builder NAME), turn on the engine's containerd image store, or drop `cache-to`.",
    );
  }
  if (
    !failure &&
    /Cannot connect to the Docker daemon|connect: connection refused|no such host/i.test(engineMessage)
  ) {
    return environmentError(
      `docker buildx cannot reach the engine: ${engineMessage}`,
      'Start Docker, or point DOCKER_HOST or the docker context at a running engine.',
    );
  }
  return describeBuildFailure({
    engineMessage,
    failure,
    model: await readDockerfileModel(request),
    target: request.target,
    steps: progress.steps(),
    builder: 'buildx',
  });
}

/**
 * The loaded image's id as the engine names it. The metadata file's digests depend on the driver and
 * the image store (the `docker` driver writes the config digest on 20.10, the index digest on the
 * containerd store), so the engine is asked: by tag when there is one, else by each digest in turn.
 */
async function loadedImageId(request: BuildRequest, metadataFile: string, deps: BuildxDeps): Promise<string> {
  const metadata = JSON.parse(await fs.readFile(metadataFile, 'utf8').catch(() => '{}')) as Record<
    string,
    unknown
  >;
  const candidates = [
    request.tag,
    metadata['containerimage.config.digest'],
    metadata['containerimage.digest'],
  ].filter((c): c is string => typeof c === 'string' && c !== '');
  for (const candidate of candidates) {
    const found = await deps.inspectImage(candidate).catch(() => undefined);
    if (found) return found.id;
  }
  throw environmentError(
    'docker buildx built the image but the engine does not have it (nothing was loaded).',
    'Use a builder that loads into this engine: the `docker` driver of this engine, or a `docker-container` builder made for it.',
  );
}
