/**
 * The buildable images of a repository, for a workflow matrix: one per Dockerfile the lint step
 * would find (git-tracked `**\/Dockerfile`, `**\/*.Dockerfile`, `**\/Dockerfile.*`, less the config
 * file's `ignore-paths`), each built from its own folder and named as a single run would name it.
 * A monorepo then needs no hand-written list: a first job prints the matrix, the next job fans out.
 */
import path from 'node:path';
import { deriveImageName } from '../config/settings.js';
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
   * Images declared explicitly (by a caller that knows better than the file tree); each replaces
   * the discovered entry of the same Dockerfile. Empty by default.
   */
  declared?: readonly ImageEntry[];
  /** Lists workspace files; git ls-files, else a directory walk. */
  listFiles?: DiscoverOptions['listFiles'];
}

/**
 * Finds the images, sorted by name then Dockerfile so the matrix (and its job names) is the same on
 * every run. Each Dockerfile appears once; a declared entry replaces the discovered one.
 */
export async function discoverImages(options: DiscoverImagesOptions): Promise<ImageEntry[]> {
  const { workspace } = options;
  const discovery = await discoverDockerfiles({
    workspace,
    patterns: [],
    ignorePaths: options.ignorePaths,
    listFiles: options.listFiles,
  });
  const byDockerfile = new Map<string, ImageEntry>();
  for (const found of discovery.files) {
    const folder = path.posix.dirname(found.file);
    byDockerfile.set(found.file, {
      name: deriveImageName(found.absolute, workspace),
      dockerfile: found.file,
      context: folder,
      target: '',
      buildArgs: '',
    });
  }
  for (const entry of options.declared ?? []) {
    const dockerfile = entry.dockerfile.replace(/^(\.\/)+/, '');
    byDockerfile.set(dockerfile, { ...entry, dockerfile });
  }
  return uniqueNames([...byDockerfile.values()].sort(byNameThenFile));
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
 * folder, which a sub-folder may share). Names key the comment's sections, so a clash would make two
 * jobs overwrite each other's section: later ones get `-2`, `-3`, … in sorted order.
 */
function uniqueNames(images: ImageEntry[]): ImageEntry[] {
  const seen = new Set<string>();
  return images.map((image) => {
    let name = image.name;
    for (let n = 2; seen.has(name); n++) name = `${image.name}-${n}`;
    seen.add(name);
    return name === image.name ? image : { ...image, name };
  });
}
