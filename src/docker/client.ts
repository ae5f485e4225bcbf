/**
 * The Docker engine as the rest of docker-diet sees it. `createDockerClient` is the only code that
 * imports dockerode; every other module takes a `DockerClient`, so unit tests can hand in their own.
 */
import Docker from 'dockerode';
import { DietError, environmentError } from '../errors.js';
import { connectionOptions } from './connection.js';
import { readBuildStream, type BuildStreamEvent } from './build-stream.js';
import { packContext } from './context.js';

/** What to build. Paths are absolute. */
export interface BuildRequest {
  context: string;
  dockerfile: string;
  target?: string;
  buildArgs?: Record<string, string>;
  platform?: string;
  labels?: Record<string, string>;
  /** Tag to give the result, e.g. `docker-diet/app:head`. */
  tag?: string;
  noCache?: boolean;
}

/** A finished build. */
export interface BuildOutcome {
  imageId: string;
  /** Bytes of files sent as the build context. */
  contextBytes: number;
  contextFiles: number;
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
}

/** The engine's identity. */
export interface EngineInfo {
  version: string;
  apiVersion: string;
}

/** Every engine operation docker-diet needs. */
export interface DockerClient {
  /** Checks the engine answers; throws a DietError (environment) when it does not. */
  ping(): Promise<EngineInfo>;
  /** Builds with BuildKit; throws a DietError (build) when the build fails. */
  build(request: BuildRequest, onEvent?: (event: BuildStreamEvent) => void): Promise<BuildOutcome>;
  /** Inspects a local image; throws a DietError (environment) when it does not exist. */
  inspectImage(reference: string): Promise<ImageInspection>;
  /** Removes an image, ignoring "no such image". */
  removeImage(reference: string): Promise<void>;
}

/** Where the engine is expected, for messages. */
export function describeDockerHost(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_HOST || 'unix:///var/run/docker.sock';
}

/**
 * Creates the real client. Connection settings come from `DOCKER_HOST`, `DOCKER_TLS_VERIFY` and
 * `DOCKER_CERT_PATH`, as for the docker CLI.
 */
export function createDockerClient(env: NodeJS.ProcessEnv = process.env): DockerClient {
  const docker = new Docker(connectionOptions(env));
  const host = describeDockerHost(env);
  const unreachable = (error: unknown): DietError =>
    environmentError(
      `No Docker engine answers at ${host} (${(error as Error).message}).`,
      'Start Docker (on Debian as root: `bash scripts/ensure-docker.sh`), or point DOCKER_HOST at a running engine.',
    );
  const isConnectionError = (error: unknown): boolean =>
    ['ECONNREFUSED', 'ENOENT', 'EACCES', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET'].includes(
      (error as NodeJS.ErrnoException).code ?? '',
    );

  return {
    async ping() {
      try {
        const version = await docker.version();
        return { version: version.Version, apiVersion: version.ApiVersion };
      } catch (error) {
        throw unreachable(error);
      }
    },

    async build(request, onEvent) {
      const packed = await packContext(request.context, request.dockerfile);
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
        if (isConnectionError(error)) throw unreachable(error);
        throw new DietError('build', `The engine refused the build: ${(error as Error).message}`);
      }
      const [result, context] = await Promise.all([readBuildStream(response, onEvent), packed.done]);
      if (result.error || !result.imageId) {
        throw new DietError('build', `Build failed: ${result.error ?? 'the engine returned no image id'}`);
      }
      return { imageId: result.imageId, contextBytes: context.bytes, contextFiles: context.files };
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
  };
}

/** docker-modem sends `undefined` values as the string "undefined"; drop them. */
function withoutUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
