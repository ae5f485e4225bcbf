/**
 * Where COPY and ADD put files: their sources and destination, remote and archive sources, the areas
 * of the image their files land in, and whether a path a later RUN touches is one of those files.
 * Every answer is conservative: a path that cannot be resolved (a variable, a relative path under an
 * unknown WORKDIR) matches nothing, so the rules stay silent.
 */
import { posix } from 'node:path';
import picomatch from 'picomatch';
import type { DockerfileModel, InstructionInfo } from '../../../dockerfile/model.js';
import { programName, type ShellCommand } from '../../../dockerfile/shell.js';
import { instructionsBefore } from '../../../dockerfile/stages.js';
import { resolvePath, workdirAt } from '../../../dockerfile/workdir.js';
import { operands } from './argv.js';

/** The sources and the destination of a COPY or ADD, as written. */
export interface CopyArgs {
  sources: string[];
  dest: string;
}

/** Where a COPY/ADD puts files: one file (or glob of files), or a whole tree under a directory. */
export interface CopiedArea {
  /** Absolute path; for files it may end in a glob (`/app/package*.json`). */
  path: string;
  /** True when anything under `path` may have been copied (a directory's contents). */
  tree: boolean;
  /**
   * For a tree: true when `path` itself may be the copied file. `COPY app /usr/local/bin/app` copies
   * one source to a destination without a trailing `/`: Docker writes the file at that path when the
   * source is a file, or the folder's contents under it when it is a folder, and only the context knows.
   */
  mayBeFile?: boolean;
  instruction: InstructionInfo;
}

/** A path a command acts on, and whether it acts on everything beneath it. */
export interface Target {
  path: string;
  recursive: boolean;
}

const GLOB = /[*?[]/;
const TAR_LIKE = /\.(tar|tgz|tbz2?|txz|tzst|tlz|gz|bz2|xz|zst|lz4|lzma|z)$/i;
const OTHER_ARCHIVE = /\.(zip|7z|rar)$/i;

/** The sources and destination of a COPY/ADD; undefined for heredocs and unreadable arguments. */
export function copyArgs(instruction: InstructionInfo): CopyArgs | undefined {
  if (instruction.heredocs.length > 0 || instruction.args.trimStart().startsWith('<<')) return undefined;
  const words = instruction.json ?? instruction.args.trim().split(/\s+/);
  if (words.length < 2 || words.some((w) => w === '')) return undefined;
  return { sources: words.slice(0, -1), dest: words[words.length - 1] as string };
}

/** True for sources ADD fetches rather than reads from the context: http(s), git and ssh URLs. */
export function isRemoteSource(source: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(source) || /^git@/.test(source);
}

/** The file name at the end of a URL, without query or fragment: `…/node.tar.xz?x=1` → `node.tar.xz`. */
export function remoteFileName(url: string): string {
  const path = url.replace(/[?#].*$/, '').replace(/\/+$/, '');
  return path.slice(path.lastIndexOf('/') + 1);
}

/** True for names that may be (compressed) tar archives, which ADD unpacks when they are local. */
export function isTarLike(name: string): boolean {
  return TAR_LIKE.test(name);
}

/** True for any archive name: tar-like, zip, 7z, rar. */
export function isArchiveName(name: string): boolean {
  return TAR_LIKE.test(name) || OTHER_ARCHIVE.test(name);
}

/** The sources of a COPY/ADD (all arguments but the destination); undefined for heredocs or odd input. */
export function copySources(instruction: InstructionInfo): string[] | undefined {
  if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') return undefined;
  return copyArgs(instruction)?.sources;
}

/** True for `COPY . …` / `ADD ./ …`: the whole build context goes into the layer. */
export function isWholeContextCopy(instruction: InstructionInfo): boolean {
  if (instruction.flags.has('from')) return false;
  return (copySources(instruction) ?? []).some((s) => s === '.' || s === './' || s === './.');
}

/** The RUN, COPY and ADD instructions (the ones that make layers with files) before `instruction`. */
export function layersBefore(model: DockerfileModel, instruction: InstructionInfo): InstructionInfo[] {
  return instructionsBefore(model, instruction).filter((i) => ['RUN', 'COPY', 'ADD'].includes(i.keyword));
}

// A source names a file (not a directory whose contents are copied) when it has an extension, is a
// glob, or is capitalised like Gemfile/Makefile/LICENSE; directory names are lower-case by habit.
function looksLikeFile(source: string): boolean {
  if (source.endsWith('/')) return false;
  const name = source.slice(source.lastIndexOf('/') + 1);
  if (name === '.' || name === '..' || name === '' || name === '*') return false;
  return GLOB.test(name) || /.\.[^.]+$/.test(name) || /^\.[^.]/.test(name) || /^[A-Z]/.test(name);
}

/** True for sources that are surely folders (`.`, `src/`, `..`): their contents are copied. */
function isFolderSource(source: string): boolean {
  const name = source.slice(source.lastIndexOf('/') + 1);
  return source.endsWith('/') || name === '.' || name === '..' || name === '' || GLOB.test(name);
}

/** Where the files of a COPY/ADD land; [] when the destination cannot be resolved. */
export function copiedAreas(model: DockerfileModel, instruction: InstructionInfo): CopiedArea[] {
  // Layer rules ask this of every earlier COPY for every RUN: keep each answer (shared, never mutated).
  let areas = AREAS.get(instruction);
  if (!areas) {
    areas = computeCopiedAreas(model, instruction);
    AREAS.set(instruction, areas);
  }
  return areas;
}

const AREAS = new WeakMap<InstructionInfo, CopiedArea[]>();

function computeCopiedAreas(model: DockerfileModel, instruction: InstructionInfo): CopiedArea[] {
  const args = copyArgs(instruction);
  if (!args) return [];
  const dest = resolvePath(args.dest, workdirAt(model, instruction));
  if (dest === undefined) return [];
  const intoDir = args.dest.endsWith('/') || args.sources.length > 1;
  return args.sources.map((source) => {
    const remote = isRemoteSource(source);
    const name = remote ? remoteFileName(source) : source.slice(source.lastIndexOf('/') + 1);
    const unpacked = instruction.keyword === 'ADD' && !remote && isTarLike(source);
    const file = !unpacked && (remote || looksLikeFile(source));
    if (file) return { path: intoDir ? posix.join(dest, name) : dest, tree: false, instruction };
    // Docker's rule: a destination ending in `/`, or several sources, is a folder (a file source lands
    // under it by name, a folder's contents land in it: the tree covers both); otherwise the single
    // source lands at the destination path itself, as a file (or a folder's contents, if it is one).
    const single = !intoDir && !unpacked && !isFolderSource(source);
    if (single) return { path: dest, tree: true, mayBeFile: true, instruction };
    return { path: dest, tree: true, instruction };
  });
}

/** True when `path` is `dir` or lies beneath it. */
export function isWithin(path: string, dir: string): boolean {
  return path === dir || dir === '/' || path.startsWith(`${dir}/`);
}

/** The directory part of a glob before its first wildcard (`/app/*.sh` → `/app`); the path if none. */
function globBase(path: string): string {
  const cut = path.search(GLOB);
  if (cut === -1) return path;
  return path.slice(0, path.lastIndexOf('/', cut)) || '/';
}

/**
 * True when acting on `target` touches files of `area`. A recursive target touches an area beneath
 * it; any target touches a copied file it names or matches, and a path inside a copied tree (the
 * tree's own directory alone holds no copied bytes).
 */
export function touchesArea(target: Target, area: CopiedArea): boolean {
  const targetGlob = GLOB.test(target.path);
  const areaGlob = GLOB.test(area.path);
  const base = globBase(target.path);
  if (target.recursive && isWithin(globBase(area.path), base)) return true;
  if (area.tree)
    return targetGlob
      ? isWithin(base, area.path)
      : isWithin(base, area.path) && (base !== area.path || area.mayBeFile === true);
  if (targetGlob)
    return areaGlob ? base === globBase(area.path) : picomatch.isMatch(area.path, target.path, { dot: true });
  return target.path === area.path || (areaGlob && picomatch.isMatch(target.path, area.path, { dot: true }));
}

/**
 * Paths an earlier RUN names (absolute words, `-o/x`, `--output=/x`, `>/x`), as areas its files may
 * be at: a `git clone` destination is a tree, any other path a single file.
 */
export function mentionedAreas(instruction: InstructionInfo, commands: ShellCommand[]): CopiedArea[] {
  return commands.flatMap((command) => {
    const clone = programName(command) === 'git' && operands(command.argv)[0] === 'clone';
    return command.argv.slice(1).flatMap((word) => {
      const match = /(?:^|[=>]|^-[a-zA-Z])(\/[^\s;|&'"]*)/.exec(word);
      const path = match && resolvePath(match[1] as string, '/');
      return path ? [{ path, tree: clone, instruction }] : [];
    });
  });
}
