/**
 * The Docker engine as the rest of docker-diet sees it. `createDockerClient` is the only code that
 * imports dockerode; every other module takes a `DockerClient`, so unit tests can hand in their own.
 */
import Docker from 'dockerode';
import { DietError, environmentError, usageError } from '../errors.js';
import type { BuildStep } from '../report/model.js';
import { describeBuildFailure } from './build-error.js';
import { sessionOptionsUsed, type BuilderChoice, type SessionOptions } from './build-options.js';
import { BuildProgress, type ProgressUpdate } from './build-progress.js';
import { parseBuildCheckWarning, type BuildCheckWarning } from './build-warnings.js';
import { readBuildStream, type BuildStreamEvent } from './build-stream.js';
import { optionsFor, resolveEndpoint } from './connection.js';
import { buildWithBuildx, buildxAvailable } from './buildx-build.js';
import { packContext } from './context.js';
import { readDockerfileModel } from './dockerfile-model.js';

/** What to build. Paths are absolute. The session options (secrets, SSH, cache…) need buildx. */
export interface BuildRequest extends SessionOptions {
  context: string;
  dockerfile: string;
  target?: string;
  buildArgs?: Record<string, string>;
  platform?: string;
  labels?: Record<string, string>;
  /** Tag to give the result, e.g. `docker-diet/app:head`. */
  tag?: string;
  noCache?: boolean;
  /** Dockerfile path to show in failure messages; default: relative to the current directory. */
  displayPath?: string;
  /**
   * The Dockerfile's text, when it is not what the file at `dockerfile` holds (the what-if build of
   * the fixed Dockerfile): it is built, and sent in the context in place of the file.
   */
  dockerfileText?: string;
}

/**
 * Who watches a build. A progress display (`plainProgressPrinter`, `ttyProgressDisplay`) is one;
 * spread it and add `onEvent` to see the raw stream as well.
 */
export interface BuildObserver {
  /** Every decoded line of the build stream. */
  onEvent?(event: BuildStreamEvent): void;
  /** After each BuildKit trace message is folded into the build's progress. */
  onProgress?(update: ProgressUpdate, progress: BuildProgress): void;
  /** Once, when the stream ends, success or not (before `build()` resolves or throws). */
  onEnd?(progress: BuildProgress): void;
}

/** A finished build. */
export interface BuildOutcome {
  imageId: string;
  /** Bytes of files sent as the build context. */
  contextBytes: number;
  contextFiles: number;
  /** BuildKit's steps in order of first appearance, with cached flags and durations. */
  steps: BuildStep[];
  /** BuildKit's build-check warnings (engines with BuildKit 0.14+; none from 20.10). */
  warnings: BuildCheckWarning[];
  /** Which builder built: `engine` (the Engine API) or `buildx` (with the builder's name when given). */
  builder?: string;
}

/** The parts of `docker image inspect` docker-diet uses. */
export interface ImageInspection {
  id: string;
  /** Bytes, as `docker image inspect` reports `Size`. */
  size: number;
  /** `rootfs.diff_ids` / `RootFS.Layers`, oldest first. */
  diffIds: string[];
  repoTags: string[];
  os: string;
  architecture: string;
  /** CPU variant (`v8` for `linux/arm64/v8`), when the engine reports one. */
  variant?: string;
}

/** The engine's identity. */
export interface EngineInfo {
  version: string;
  apiVersion: string;
}

/**
 * Where the engine keeps images. `graphdriver`: the classic stores (overlay2, …), whose `docker save`
 * writes uncompressed layer tars and whose push compresses them. `containerd`: the containerd image
 * store (a choice from Docker 24, the default for new installs from Docker 29), which keeps each layer
 * as the blob it was built, pulled or loaded as, saves that blob and pushes it unchanged.
 */
export type ImageStore = 'graphdriver' | 'containerd';

/** What measuring needs to know about the engine. */
export interface EngineProfile extends EngineInfo {
  imageStore: ImageStore;
}

/** The containerd store shows in `docker info` as `DriverStatus` [["driver-type", "io.containerd.snapshotter.v1"]]. */
export function imageStoreOf(info: { DriverStatus?: unknown }): ImageStore {
  const status = Array.isArray(info.DriverStatus) ? (info.DriverStatus as unknown[]) : [];
  const containerd = status.some(
    (pair) => Array.isArray(pair) && pair[0] === 'driver-type' && pair[1] === 'io.containerd.snapshotter.v1',
  );
  return containerd ? 'containerd' : 'graphdriver';
}

/** Every engine operation docker-diet needs. */
export interface DockerClient {
  /** Checks the engine answers; throws a DietError (environment) when it does not. */
  ping(): Promise<EngineInfo>;
  /** Version and image store, asked once and remembered; throws like `ping` when no engine answers. */
  engine(): Promise<EngineProfile>;
  /**
   * Builds with BuildKit; throws a BuildFailedError (a DietError of kind `build`) when the build fails.
   * A bare function as `observer` is taken as `onEvent`.
   */
  build(
    request: BuildRequest,
    observer?: BuildObserver | ((event: BuildStreamEvent) => void),
  ): Promise<BuildOutcome>;
  /** Inspects a local image; throws a DietError (environment) when it does not exist. */
  inspectImage(reference: string): Promise<ImageInspection>;
  /** Removes an image, ignoring "no such image". */
  removeImage(reference: string): Promise<void>;
  /**
   * `docker save` of one image as a tar stream (legacy or OCI layout, depending on the engine); throws
   * a DietError (environment) when the image does not exist. Read it to the end or destroy it.
   */
  saveImage(reference: string): Promise<NodeJS.ReadableStream>;
}

/**
 * Where the engine is expected and why, for messages: e.g. `unix:///var/run/docker.sock (the default
 * socket)` or `ssh://ci@builder (from docker context "builder" (DOCKER_CONTEXT))`.
 */
export function describeDockerHost(env: NodeJS.ProcessEnv = process.env): string {
  try {
    const endpoint = resolveEndpoint(env);
    return `${endpoint.host} (${endpoint.source})`;
  } catch {
    return env.DOCKER_HOST || 'unix:///var/run/docker.sock';
  }
}

/**
 * Creates the real client. The engine is found as the docker CLI finds it (connection.ts): `DOCKER_HOST`
 * with `DOCKER_TLS_VERIFY` and `DOCKER_CERT_PATH`, else the current docker context. Throws a DietError
 * when the named context cannot be read.
 */
export function createDockerClient(
  env: NodeJS.ProcessEnv = process.env,
  options: { builder?: BuilderChoice } = {},
): DockerClient {
  const endpoint = resolveEndpoint(env);
  const docker = new Docker(optionsFor(endpoint, env));
  const host = endpoint.host;
  const unreachable = (error: unknown): DietError =>
    environmentError(
      `No Docker engine answers at ${host} (${endpoint.source}: ${(error as Error).message}).`,
      'Start Docker (on Debian as root: `bash scripts/ensure-docker.sh`), or point DOCKER_HOST or the docker context at a running engine.',
    );
  // ssh2 marks its failures (handshake, authentication) with a `level` instead of a code.
  const isConnectionError = (error: unknown): boolean =>
    ['ECONNREFUSED', 'ENOENT', 'EACCES', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET', 'ENOTFOUND'].includes(
      (error as NodeJS.ErrnoException).code ?? '',
    ) || typeof (error as { level?: unknown }).level === 'string';

  let profile: Promise<EngineProfile> | undefined;
  const builder = options.builder ?? 'engine';
  // `auto` asks once whether `docker buildx` runs; the other choices need no asking.
  let useBuildx: Promise<boolean> | undefined;
  const buildsWithBuildx = (): Promise<boolean> => {
    useBuildx ??=
      builder === 'engine'
        ? Promise.resolve(false)
        : builder === 'auto'
          ? buildxAvailable(env)
          : Promise.resolve(true);
    return useBuildx;
  };

  const client: DockerClient = {
    engine() {
      profile ??= (async () => {
        try {
          const [version, info] = await Promise.all([
            docker.version(),
            docker.info() as Promise<{ DriverStatus?: unknown }>,
          ]);
          return { version: version.Version, apiVersion: version.ApiVersion, imageStore: imageStoreOf(info) };
        } catch (error) {
          profile = undefined; // ask again next time: the engine may come up
          throw isConnectionError(error) ? unreachable(error) : error;
        }
      })();
      return profile;
    },

    async ping() {
      try {
        const version = await docker.version();
        return { version: version.Version, apiVersion: version.ApiVersion };
      } catch (error) {
        throw unreachable(error);
      }
    },

    async build(request, observer) {
      const watch: BuildObserver = typeof observer === 'function' ? { onEvent: observer } : (observer ?? {});
      if (await buildsWithBuildx()) {
        if (builder !== 'auto' && !(await buildxAvailable(env))) throw buildxMissing(builder);
        const builderName = typeof builder === 'object' ? builder.name : undefined;
        const outcome = await buildWithBuildx(request, watch, {
          env,
          builderName,
          inspectImage: (reference) => client.inspectImage(reference),
        });
        return { ...outcome, builder: builderName ? `buildx (builder ${builderName})` : 'buildx' };
      }
      const needsSession = sessionOptionsUsed(request);
      if (needsSession.length > 0) throw sessionOptionsError(needsSession, builder);
      const packed = await packContext(request.context, request.dockerfile, request.dockerfileText);
      let response: NodeJS.ReadableStream;
      try {
        response = await docker.buildImage(
          packed.stream,
          withoutUndefined({
            version: '2',
            dockerfile: packed.dockerfileInTar,
            t: request.tag,
            target: request.target,
            buildargs: request.buildArgs,
            labels: request.labels,
            platform: request.platform,
            nocache: request.noCache,
            rm: true,
            forcerm: true,
          }) as Docker.ImageBuildOptions,
        );
      } catch (error) {
        // The context could not be read (a DietError from packContext): that, not the engine, is the problem.
        if (error instanceof DietError) throw error;
        if (isConnectionError(error)) throw unreachable(error);
        throw describeBuildFailure({
          engineMessage: `the engine refused the build: ${(error as Error).message}`,
          model: await readDockerfileModel(request),
          target: request.target,
        });
      }
      const progress = new BuildProgress();
      const onEvent = (event: BuildStreamEvent): void => {
        watch.onEvent?.(event);
        if (event.type !== 'trace') return;
        const update = progress.addTrace(event.data);
        if (update) watch.onProgress?.(update, progress);
      };
      let result: Awaited<ReturnType<typeof readBuildStream>>;
      let context: Awaited<typeof packed.done>;
      try {
        [result, context] = await Promise.all([readBuildStream(response, onEvent), packed.done]);
      } catch (error) {
        if (error instanceof DietError) throw error;
        if (isConnectionError(error)) throw unreachable(error);
        throw error;
      } finally {
        const lines = progress.finish();
        if (lines.length > 0) {
          watch.onProgress?.({ vertexes: [], lines, statuses: [], warnings: [] }, progress);
        }
        watch.onEnd?.(progress);
      }
      // A failed build still answers HTTP 200: success is an image id and no error line.
      if (result.error || !result.imageId) {
        throw describeBuildFailure({
          engineMessage: result.error ?? 'the engine returned no image id',
          failure: progress.failure(),
          model: await readDockerfileModel(request),
          target: request.target,
          steps: progress.steps(),
        });
      }
      return {
        imageId: result.imageId,
        contextBytes: context.bytes,
        contextFiles: context.files,
        steps: progress.steps(),
        warnings: progress.warnings().flatMap((w) => parseBuildCheckWarning(w) ?? []),
        builder: 'engine',
      };
    },

    async inspectImage(reference) {
      try {
        const info = await docker.getImage(reference).inspect();
        return {
          id: info.Id,
          size: info.Size,
          diffIds: info.RootFS?.Layers ?? [],
          repoTags: info.RepoTags ?? [],
          os: info.Os,
          architecture: info.Architecture,
          ...(info.Variant ? { variant: info.Variant } : {}),
        };
      } catch (error) {
        if (isConnectionError(error)) throw unreachable(error);
        if ((error as { statusCode?: number }).statusCode === 404) {
          throw environmentError(
            `Image "${reference}" does not exist in the engine at ${host}.`,
            'Build or load it first (docker/build-push-action needs `load: true`), or drop the `image` input to let docker-diet build.',
          );
        }
        throw error;
      }
    },

    async removeImage(reference) {
      try {
        await docker.getImage(reference).remove({ force: true });
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode !== 404) throw error;
      }
    },

    async saveImage(reference) {
      try {
        return await docker.getImage(reference).get();
      } catch (error) {
        if (isConnectionError(error)) throw unreachable(error);
        // 20.10 answers a missing image with 404, some engines with 500 "reference does not exist".
        const missing =
          (error as { statusCode?: number }).statusCode === 404 ||
          /no such image|does not exist/i.test((error as Error).message ?? '');
        if (missing) {
          throw environmentError(
            `Image "${reference}" does not exist in the engine at ${host}, so it cannot be saved.`,
            'Build or load it first (docker/build-push-action needs `load: true`).',
          );
        }
        throw error;
      }
    },
  };
  return client;
}

/** `builder: buildx` or a builder's name where `docker buildx` does not run. */
function buildxMissing(builder: BuilderChoice): DietError {
  const asked = typeof builder === 'object' ? `the buildx builder "${builder.name}"` : 'buildx';
  return environmentError(
    `\`builder\` asks for ${asked}, but \`docker buildx\` does not run here (no docker CLI, or no buildx plugin).`,
    'Install the buildx plugin (in a workflow, docker/setup-buildx-action; on Debian, scripts/ensure-buildx.sh), or set `builder: auto` or `engine`.',
  );
}

/** Asked for secrets, SSH, cache or named contexts where only the Engine API builds. */
function sessionOptionsError(inputs: string[], builder: BuilderChoice): DietError {
  const named = inputs.map((name) => `\`${name}\``).join(', ');
  return usageError(
    builder === 'engine'
      ? `${named} need a buildx builder, and \`builder\` is \`engine\` (the Engine API's /build has no BuildKit session).`
      : `${named} need a buildx builder, and \`docker buildx\` is not available here.`,
    'Set `builder: buildx` (CLI: --builder buildx) with the buildx plugin installed (in a workflow, docker/setup-buildx-action; on Debian, scripts/ensure-buildx.sh), or drop those inputs.',
  );
}

/** docker-modem sends `undefined` values as the string "undefined"; drop them. */
function withoutUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
