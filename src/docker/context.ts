/**
 * Packs a build context into a tar stream the way the docker CLI does: `.dockerignore` applied on the
 * client (the engine does not apply it to an uploaded tar), the Dockerfile always included (under a
 * generated name when it sits outside the context), entries streamed one at a time so memory stays flat.
 */
import { promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import dockerignoreModule from '@balena/dockerignore';
import tar from 'tar-stream';
import { environmentError } from '../errors.js';

// The package is CommonJS (`module.exports = factory`) but its types declare `export default`:
// accept either shape so the plain Node and the bundled build both find the factory.
type IgnoreFactory = typeof dockerignoreModule.default;
const dockerignore: IgnoreFactory =
  dockerignoreModule.default ?? (dockerignoreModule as unknown as IgnoreFactory);

/** Files below this size are read whole: one syscall beats a stream for small files. */
const SMALL_FILE = 256 * 1024;

/**
 * `operation`'s result, or undefined when its path vanished first (ENOENT). Another process may
 * remove files while the context is walked (git's lock and temporary files under `.git`, a build's
 * scratch files): like the docker CLI, the walk leaves them out instead of failing the build.
 */
async function unlessVanished<T>(operation: Promise<T>): Promise<T | undefined> {
  try {
    return await operation;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** A packed context on its way to the engine. */
export interface PackedContext {
  /** The tar stream to upload. */
  stream: NodeJS.ReadableStream;
  /** Path of the Dockerfile inside the tar, as the engine's `dockerfile` option wants it. */
  dockerfileInTar: string;
  /** Resolves when every entry is written: bytes and files sent, excluding tar headers. */
  done: Promise<{ bytes: number; files: number }>;
}

/** Reads `.dockerignore` patterns (an absent file ignores nothing). */
export async function readDockerignore(context: string): Promise<string[]> {
  try {
    const text = await fs.readFile(path.join(context, '.dockerignore'), 'utf8');
    return text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** What `.dockerignore` keeps out of a context, matched as the docker CLI packs it. */
export interface ContextIgnore {
  /** True when the pattern list excludes `name` (slash-separated, relative to the context). */
  ignores(name: string): boolean;
  /**
   * True when a `!pattern` may bring a file back from an excluded folder: then each file is matched on
   * its own; otherwise an excluded folder excludes everything below it.
   */
  hasExceptions: boolean;
}

/** The matcher of `.dockerignore` patterns (`readDockerignore`). */
export function contextIgnore(patterns: readonly string[]): ContextIgnore {
  const ignore = dockerignore({ ignorecase: false }).add([...patterns]);
  return { ignores: (name) => ignore.ignores(name), hasExceptions: patterns.some((p) => p.startsWith('!')) };
}

/** Checks the context is a folder and the Dockerfile exists: one clear message for either. */
async function checkContext(context: string, dockerfile: string): Promise<void> {
  const stat = await fs.stat(context).catch(() => undefined);
  if (!stat?.isDirectory()) {
    throw environmentError(
      `Build context "${context}" is not a directory.`,
      'Set `context` to the folder to build.',
    );
  }
  await fs.access(dockerfile).catch(() => {
    throw environmentError(
      `Dockerfile "${dockerfile}" does not exist.`,
      'Set `dockerfile` to its path, relative to the workspace.',
    );
  });
}

/** One entry the engine receives: its path on disk, its name in the context, its lstat. */
type ContextVisitor = (absolute: string, name: string, st: Stats) => Promise<void>;

/**
 * Walks what the engine receives, in name order: `.dockerignore` applied (the Dockerfile and
 * `.dockerignore` are always sent), then a Dockerfile outside the context under its name in the tar.
 */
async function walkContext(
  context: string,
  dockerfile: string,
  visit: ContextVisitor,
): Promise<{ dockerfileInTar: string; run: () => Promise<void> }> {
  // Exceptions (`!pattern`) can re-include files below an excluded folder, so such folders are walked.
  const { ignores, hasExceptions } = contextIgnore(await readDockerignore(context));

  const relativeDockerfile = path.relative(context, dockerfile);
  const outside = relativeDockerfile.startsWith('..') || path.isAbsolute(relativeDockerfile);
  const dockerfileInTar = outside
    ? `__dockerfile-docker-diet-${path.basename(dockerfile)}`
    : toPosix(relativeDockerfile);
  // The Dockerfile is always sent, even when .dockerignore excludes it (the engine needs it).
  const relativeDockerfileKey = outside ? '' : dockerfileInTar;

  const walk = async (dir: string, prefix: string): Promise<void> => {
    const entries = (await unlessVanished(fs.readdir(dir, { withFileTypes: true }))) ?? [];
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const name = prefix ? `${prefix}/${entry.name}` : entry.name;
      const absolute = path.join(dir, entry.name);
      const ignored = ignores(name) && name !== relativeDockerfileKey && name !== '.dockerignore';
      if (entry.isDirectory()) {
        if (ignored && !hasExceptions) continue;
        if (!ignored) {
          const st = await unlessVanished(fs.lstat(absolute));
          if (!st) continue;
          await visit(absolute, name, st);
        }
        await walk(absolute, name);
      } else if (!ignored) {
        const st = await unlessVanished(fs.lstat(absolute));
        if (st) await visit(absolute, name, st);
      }
    }
  };
  const run = async (): Promise<void> => {
    await walk(context, '');
    if (outside) await visit(dockerfile, dockerfileInTar, await fs.stat(dockerfile));
  };
  return { dockerfileInTar, run };
}

/**
 * Files and bytes of the context as the engine would receive them, without reading any file: for
 * builders that read the context themselves (buildx) and so report no count of their own.
 */
export async function sizeContext(
  context: string,
  dockerfile: string,
): Promise<{ bytes: number; files: number }> {
  await checkContext(context, dockerfile);
  let bytes = 0;
  let files = 0;
  const walker = await walkContext(context, dockerfile, async (_absolute, _name, st) => {
    if (!st.isFile()) return;
    files += 1;
    bytes += st.size;
  });
  await walker.run();
  return { bytes, files };
}

/**
 * Packs `context` with `dockerfile` into a tar stream. With `dockerfileText`, the Dockerfile's entry
 * holds that text instead of the file's (a Dockerfile inside the context is then also what `COPY`
 * sees, as it would be once the text is written to the file).
 */
export async function packContext(
  context: string,
  dockerfile: string,
  dockerfileText?: string,
): Promise<PackedContext> {
  await checkContext(context, dockerfile);
  let dockerfileInTar = '';
  const pack = tar.pack();
  let bytes = 0;
  let files = 0;
  const add = async (absolute: string, name: string, st: Stats): Promise<void> => {
    const header = { name, mode: st.mode & 0o7777, mtime: st.mtime, uid: 0, gid: 0 };
    if (st.isDirectory()) {
      pack.entry({ ...header, type: 'directory' });
    } else if (st.isSymbolicLink()) {
      const linkname = await unlessVanished(fs.readlink(absolute));
      if (linkname !== undefined) pack.entry({ ...header, type: 'symlink', linkname });
    } else if (st.isFile() && dockerfileText !== undefined && name === dockerfileInTar) {
      const content = Buffer.from(dockerfileText, 'utf8');
      files += 1;
      bytes += content.length;
      pack.entry({ ...header, type: 'file', size: content.length }, content);
    } else if (st.isFile() && st.size <= SMALL_FILE) {
      const content = await unlessVanished(fs.readFile(absolute));
      if (content === undefined) return;
      files += 1;
      bytes += content.length;
      pack.entry({ ...header, type: 'file', size: content.length }, content);
    } else if (st.isFile()) {
      // Opened before its header is written: once open, it can be read even if removed. Read up to
      // the size its header gives, should another process be appending to it.
      const file = await unlessVanished(fs.open(absolute));
      if (!file) return;
      files += 1;
      bytes += st.size;
      const entry = pack.entry({ ...header, type: 'file', size: st.size });
      await pipeline(file.createReadStream({ start: 0, end: st.size - 1 }), entry);
    }
  };
  const walker = await walkContext(context, dockerfile, add);
  dockerfileInTar = walker.dockerfileInTar;
  const done = (async () => {
    try {
      await walker.run();
      pack.finalize();
    } catch (error) {
      // Said as a problem with the context, not with the engine the upload was going to.
      const unreadable = environmentError(
        `The build context ${context} could not be read: ${(error as Error).message}.`,
        'Make the file readable, or leave it out of the context with .dockerignore.',
      );
      pack.destroy(unreadable);
      throw unreadable;
    }
    return { bytes, files };
  })();
  // The stream's consumer sees failures through the stream; keep the promise from being unhandled.
  done.catch(() => undefined);
  // tar-stream's pack is a streamx Readable: it pipes like a Node stream, which is all the upload needs.
  return { stream: pack as unknown as NodeJS.ReadableStream, dockerfileInTar: walker.dockerfileInTar, done };
}

/** `p` with `/` as the separator, as tar names and `.dockerignore` patterns use. */
export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
