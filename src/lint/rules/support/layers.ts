/**
 * Shared reading of layer-making instructions for the layer rules: what COPY/ADD take and where the
 * files land, the WORKDIR in effect, and whether a path a RUN touches is one of those files. Every
 * answer is conservative: a path that cannot be resolved (a variable, a relative path under an
 * unknown WORKDIR) matches nothing, so the rules stay silent.
 */
import { posix } from 'node:path';
import picomatch from 'picomatch';
import { stripQuotes } from '../../instruction-text.js';
import type { DockerfileModel, InstructionInfo } from '../../model.js';
import { programName, type ShellCommand } from '../../shell.js';
import { hasOption, instructionsBefore, operands } from './package-managers.js';

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

/** `path` made absolute against `cwd` and normalised; undefined when it holds a variable or cwd is unknown. */
export function resolvePath(path: string, cwd: string | undefined): string | undefined {
  if (path.includes('$') || path === '') return undefined;
  const home = path.replace(/^~(?=\/|$)/, '/root');
  if (!home.startsWith('/') && cwd === undefined) return undefined;
  const absolute = posix.normalize(home.startsWith('/') ? home : `${cwd as string}/${home}`);
  return absolute.length > 1 ? absolute.replace(/\/+$/, '') : absolute;
}

/**
 * The WORKDIR in effect at `instruction` (its stage and the stages it is built FROM). Undefined when
 * no WORKDIR was set (the base image may set one) or it holds a variable.
 */
export function workdirAt(model: DockerfileModel, instruction: InstructionInfo): string | undefined {
  // Asked for every RUN and COPY by several rules: keep each answer.
  if (WORKDIR.has(instruction)) return WORKDIR.get(instruction);
  let cwd: string | undefined;
  for (const before of instructionsBefore(model, instruction)) {
    if (before.keyword !== 'WORKDIR') continue;
    const dir = stripQuotes(before.args.trim());
    cwd = dir.startsWith('/') ? resolvePath(dir, '/') : cwd && resolvePath(dir, cwd);
  }
  WORKDIR.set(instruction, cwd);
  return cwd;
}

const WORKDIR = new WeakMap<InstructionInfo, string | undefined>();

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
    if (!file) return { path: dest, tree: true, instruction };
    return { path: intoDir ? posix.join(dest, name) : dest, tree: false, instruction };
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
    return targetGlob ? isWithin(base, area.path) : isWithin(base, area.path) && base !== area.path;
  if (targetGlob)
    return areaGlob ? base === globBase(area.path) : picomatch.isMatch(area.path, target.path, { dot: true });
  return target.path === area.path || (areaGlob && picomatch.isMatch(target.path, area.path, { dot: true }));
}

/** Commands that neither create nor delete files: they may sit in a cleanup-only RUN. */
const NEUTRAL = new Set([
  'set',
  'cd',
  'true',
  ':',
  'echo',
  'printf',
  '[',
  'test',
  'fi',
  'done',
  'esac',
  'exit',
  'export',
  'sync',
  'rmdir',
  'ls',
  'du',
  'df',
]);

/** Package-manager subcommands that only remove, and the programs whose earlier use they undo. */
const PACKAGE_CLEANUPS: { programs: string[]; subcommands: string[]; createdBy: string[] }[] = [
  {
    programs: ['apt-get', 'apt'],
    subcommands: ['clean', 'autoclean', 'autoremove', 'purge', 'remove', 'distclean'],
    createdBy: ['apt-get', 'apt', 'dpkg'],
  },
  { programs: ['apk'], subcommands: ['del', 'cache'], createdBy: ['apk'] },
  {
    programs: ['yum', 'dnf', 'microdnf'],
    subcommands: ['clean', 'remove', 'erase', 'autoremove'],
    createdBy: ['yum', 'dnf', 'microdnf', 'rpm'],
  },
  { programs: ['zypper'], subcommands: ['clean', 'cc', 'remove', 'rm'], createdBy: ['zypper', 'rpm'] },
  { programs: ['npm'], subcommands: ['cache', 'prune', 'uninstall'], createdBy: ['npm', 'npx'] },
  { programs: ['yarn'], subcommands: ['cache'], createdBy: ['yarn'] },
  { programs: ['pnpm'], subcommands: ['store'], createdBy: ['pnpm'] },
  {
    programs: ['pip', 'pip3'],
    subcommands: ['cache', 'uninstall'],
    createdBy: ['pip', 'pip3', 'python', 'python3'],
  },
  { programs: ['gem'], subcommands: ['cleanup', 'uninstall'], createdBy: ['gem', 'bundle'] },
  {
    programs: ['conda', 'mamba', 'micromamba'],
    subcommands: ['clean'],
    createdBy: ['conda', 'mamba', 'micromamba'],
  },
  { programs: ['composer'], subcommands: ['clear-cache', 'clearcache'], createdBy: ['composer'] },
  { programs: ['go'], subcommands: ['clean'], createdBy: ['go'] },
];

/** Every program that may appear in a cleanup-only RUN. */
const CLEANUP_PROGRAMS = new Set([
  ...NEUTRAL,
  'rm',
  'unlink',
  'find',
  ...PACKAGE_CLEANUPS.flatMap((p) => p.programs),
]);

/** What a cleanup-only RUN removes: paths, and package-manager state left by earlier uses of `createdBy`. */
export interface Cleanup {
  /** The commands that remove something, as written. */
  commands: ShellCommand[];
  /** Resolved paths deleted with rm/unlink/find; unresolvable paths are left out. */
  targets: Target[];
  /** Programs whose earlier runs made what the package-manager cleanups remove. */
  createdBy: string[];
}

/**
 * When every command of a RUN only deletes files or cleans package-manager state (set/cd/echo
 * aside), what it removes; otherwise undefined. `cwd` gives the WORKDIR in effect, if known (it is
 * asked only for a RUN that may be cleanup-only).
 */
export function cleanupOnly(commands: ShellCommand[], cwd: () => string | undefined): Cleanup | undefined {
  // Most RUNs install or build something: rule them out by program before reading any operand.
  if (commands.some((c) => c.argv.length > 0 && !CLEANUP_PROGRAMS.has(programName(c)))) return undefined;
  const cleanup: Cleanup = { commands: [], targets: [], createdBy: [] };
  // The WORKDIR is looked up once a path needs it: `undefined` is a real answer (unknown).
  let dir: string | undefined | null = null;
  const here = (): string | undefined => (dir === null ? (dir = cwd()) : dir);
  for (const command of commands) {
    const program = programName(command);
    if (program === 'cd') {
      const to = operands(command.argv)[0];
      dir = to === undefined ? undefined : resolvePath(to, here());
    }
    if (NEUTRAL.has(program) || command.argv.length === 0) continue;
    const args = operands(command.argv);
    const paths = deletedPaths(command);
    const pkg = PACKAGE_CLEANUPS.find(
      (p) => p.programs.includes(program) && p.subcommands.includes(args[0] ?? ''),
    );
    if (!paths && !pkg) return undefined;
    cleanup.commands.push(command);
    cleanup.createdBy.push(...(pkg?.createdBy ?? []));
    for (const { path, recursive } of paths ?? []) {
      const resolved = resolvePath(path, here());
      if (resolved !== undefined) cleanup.targets.push({ path: resolved, recursive });
    }
  }
  return cleanup.commands.length > 0 ? cleanup : undefined;
}

/** Paths an `rm`, `unlink` or `find … -delete` deletes; undefined for other commands. */
function deletedPaths(command: ShellCommand): { path: string; recursive: boolean }[] | undefined {
  const program = programName(command);
  const argv = command.argv;
  if (program === 'rm' || program === 'unlink') {
    const recursive = hasOption(argv, ['--recursive'], 'rR');
    return operands(argv).map((path) => ({ path, recursive }));
  }
  const deletes =
    argv.includes('-delete') || argv.some((a, i) => /^-exec(dir)?$/.test(a) && argv[i + 1] === 'rm');
  if (program !== 'find' || !deletes) return undefined;
  const end = argv.findIndex((a, i) => i > 0 && /^[-!(]/.test(a));
  return argv.slice(1, end === -1 ? undefined : end).map((path) => ({ path, recursive: true }));
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
