/**
 * The buildable images of a repository, for a workflow matrix: the config file's `images:` entries,
 * then one per other Dockerfile the lint step would find (git-tracked `**\/Dockerfile`,
 * `**\/*.Dockerfile`, `**\/Dockerfile.*`, less the config file's `ignore-paths`), each built from its
 * own folder and named as a single run would name it.
 * A monorepo then needs no hand-written list: a first job prints the matrix, the next job fans out.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ConfiguredImage } from '../config/image-entries.js';
import { deriveImageName } from '../config/settings.js';
import { usageError } from '../errors.js';
import { discoverDockerfiles, type DiscoverOptions } from '../lint/discover.js';

/** One image to build: the values a matrix job passes to docker-diet's inputs of the same names. */
export interface ImageEntry {
  /** The report's and the comment section's name (the `name` input). */
  name: string;
  /** Dockerfile path relative to the workspace, forward slashes. */
  dockerfile: string;
  /** Build context relative to the workspace (`.` for the root). */
  context: string;
  /** Build stage; '' builds the last stage (an empty input means "not set"). */
  target: string;
  /** `KEY=value` lines, the `build-args` input's form; '' for none. */
  buildArgs: string;
}

/** The `{"include": [...]}` object that `fromJSON` turns into `strategy.matrix`. */
export interface Matrix {
  include: ImageEntry[];
}

/** Inputs of `discoverImages`. */
export interface DiscoverImagesOptions {
  workspace: string;
  /** Globs (workspace-relative) of Dockerfiles to leave out: the config file's `ignore-paths`. */
  ignorePaths?: readonly string[];
  /**
   * The config file's `images:` entries. Each is listed as written; a Dockerfile any entry names is
   * not listed again from the file tree (so one Dockerfile may give several images, e.g. per target).
   */
  configured?: readonly ConfiguredImage[];
  /** How the config file is named in messages about its entries. */
  configLabel?: string;
  /** Lists workspace files; git ls-files, else a directory walk. */
  listFiles?: DiscoverOptions['listFiles'];
}

/**
 * Finds the images: the configured ones, then one per Dockerfile no entry names. All are sorted by
 * name then Dockerfile, so the matrix (and its job names) is the same on every run. An entry whose
 * Dockerfile does not exist is a usage error naming the entry.
 */
export async function discoverImages(options: DiscoverImagesOptions): Promise<ImageEntry[]> {
  const { workspace } = options;
  const configured = options.configured ?? [];
  await checkConfigured(configured, workspace, options.configLabel ?? 'config');
  const discovery = await discoverDockerfiles({
    workspace,
    patterns: [],
    ignorePaths: options.ignorePaths,
    listFiles: options.listFiles,
  });
  const covered = new Set(configured.map((image) => image.dockerfile));
  const found: ImageEntry[] = discovery.files
    .filter((file) => !covered.has(file.file))
    .map((file) => ({
      name: deriveImageName(file.absolute, workspace),
      dockerfile: file.file,
      context: path.posix.dirname(file.file),
      target: '',
      buildArgs: '',
    }));
  const listed: ImageEntry[] = configured.map((image) => ({
    name: image.name,
    dockerfile: image.dockerfile,
    context: image.context,
    target: image.target ?? '',
    buildArgs: image.buildArgs.join('\n'),
  }));
  const names = new Set(listed.map((image) => image.name));
  return [...listed, ...uniqueNames(found.sort(byNameThenFile), names)].sort(byNameThenFile);
}

/** Every configured Dockerfile must be a file in the workspace; all missing ones in one error. */
async function checkConfigured(
  configured: readonly ConfiguredImage[],
  workspace: string,
  label: string,
): Promise<void> {
  const problems: string[] = [];
  for (const [index, image] of configured.entries()) {
    const file = path.join(workspace, image.dockerfile);
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat?.isFile()) {
      const what = stat ? 'is not a file' : 'does not exist';
      problems.push(
        `${label}: images[${index}].dockerfile: ${image.dockerfile} ${what} (looked for ${file}); fix the path or remove the entry`,
      );
    }
  }
  if (problems.length > 0) throw usageError(problems.join('\n'));
}

/** The matrix form of the images: `strategy: { matrix: ${{ fromJSON(outputs.matrix) }} }`. */
export function toMatrix(images: readonly ImageEntry[]): Matrix {
  return { include: [...images] };
}

/** One line per image, aligned, for people: `name  dockerfile  (context)`. */
export function renderImagesText(images: readonly ImageEntry[]): string {
  if (images.length === 0) return 'No Dockerfiles found.\n';
  const width = Math.max(...images.map((i) => i.name.length));
  const lines = images.map((i) => {
    const extra = [
      `context ${i.context}`,
      i.target ? `target ${i.target}` : '',
      i.buildArgs ? `build args ${i.buildArgs.split('\n').join(', ')}` : '',
    ].filter(Boolean);
    return `${i.name.padEnd(width)}  ${i.dockerfile}  (${extra.join('; ')})`;
  });
  return `${lines.join('\n')}\n`;
}

function byNameThenFile(a: ImageEntry, b: ImageEntry): number {
  return compare(a.name, b.name) || compare(a.dockerfile, b.dockerfile);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Two Dockerfiles can derive the same name (the root `Dockerfile` is named after the workspace
 * folder, which a sub-folder may share), and a configured entry may have chosen it. Names key the
 * comment's sections and budgets, so a clash would make two jobs overwrite each other's section:
 * configured names stay, discovered ones that clash get `-2`, `-3`, … in sorted order.
 * @param taken the configured names
 */
function uniqueNames(images: ImageEntry[], taken: ReadonlySet<string>): ImageEntry[] {
  const seen = new Set(taken);
  return images.map((image) => {
    let name = image.name;
    for (let n = 2; seen.has(name); n++) name = `${image.name}-${n}`;
    seen.add(name);
    return name === image.name ? image : { ...image, name };
  });
}
