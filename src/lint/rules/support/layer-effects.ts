/**
 * What one RUN leaves in its layer and what a later RUN does to it, for consecutive-run: joining two
 * RUNs changes the image's bytes only when the later one deletes, moves, re-owns, re-modes or unpacks
 * files the earlier one wrote (or removes packages it installed), or installs from a package index
 * the earlier one only fetched. Everything is conservative: a path that cannot be resolved (a
 * variable, a relative path under an unknown directory) or a command that cannot be read counts for
 * nothing, so the rule stays silent.
 */
import { posix } from 'node:path';
import picomatch from 'picomatch';
import type { InstructionInfo } from '../../../dockerfile/model.js';
import { programName, type ShellCommand } from '../../../dockerfile/shell.js';
import { cdTarget, changeDirectory, resolvePath } from '../../../dockerfile/workdir.js';
import { hasOption, operands, optionValues, subcommand, type ValuedOptions } from './argv.js';
import { deletedPaths } from './cleanup-commands.js';
import type { CopiedArea, Target } from './copy-paths.js';
import { isArchiveName, isWithin, remoteFileName, touchesArea } from './copy-paths.js';
import {
  aptCommand,
  apkCommand,
  hasMountOver,
  installedPackages,
  removesDir,
  RPM_FILLING_SUBCOMMANDS,
  RPM_VALUED_OPTIONS,
  toolCommand,
} from './package-managers.js';

/** What a later RUN does to files: deletes, moves, re-owns or re-modes them, or unpacks an archive. */
export type FileAction = 'deletes' | 'moves' | 'chowns' | 'chmods' | 'unpacks';

/** One path a later RUN acts on. */
export interface FileAct {
  action: FileAction;
  target: Target;
  /** The path as written, for the message. */
  written: string;
}

/** A package manager whose index an `update` fetched, or whose install reads it. */
type IndexTool = 'apt' | 'apk' | 'rpm';

/** What a RUN writes into its layer and what it does to earlier files. */
export interface LayerEffects {
  /** Areas whose files this RUN wrote (downloads, clones, unpacked or built trees, tool caches). */
  wrote: CopiedArea[];
  /** OS packages it installed (and apk `--virtual` names). */
  installed: string[];
  /** Package managers whose index it fetched with no install after the fetch in the same RUN. */
  fetchedIndex: { tool: IndexTool; label: string }[];
  /** Package managers it installs with. */
  installsWith: IndexTool[];
  /** Paths it deletes, moves, re-owns, re-modes or unpacks. */
  acts: FileAct[];
  /** OS packages it removes by name. */
  removed: string[];
}

/** Folders a tool fills while it runs, unless told not to (`--no-cache`). */
/** The subcommand of argv (first non-option word), or '' when there is none. */
const sub = (argv: string[]): string => subcommand(argv)?.name ?? '';

// apt's package lists are fetched by `update` alone, and the Debian and Ubuntu images delete the
// downloaded .debs after each install (docker-clean), so apt counts only for `update`. Each tool
// counts only for the subcommands that fill its cache, and not when told to skip it (`--no-cache`).
const TOOL_CACHES: { programs: string[]; dirs: string[]; fills: (argv: string[]) => boolean }[] = [
  { programs: ['apt-get', 'apt'], dirs: ['/var/lib/apt/lists'], fills: (a) => a.slice(1).includes('update') },
  {
    programs: ['apk'],
    dirs: ['/var/cache/apk'],
    fills: (a) => !a.includes('--no-cache') && a.some((w) => ['add', 'update', 'upgrade'].includes(w)),
  },
  {
    programs: ['yum', 'dnf', 'microdnf'],
    dirs: ['/var/cache/yum', '/var/cache/dnf'],
    fills: (a) => a.slice(1).some((w) => RPM_FILLING_SUBCOMMANDS.has(w)),
  },
  {
    programs: ['zypper'],
    dirs: ['/var/cache/zypp'],
    fills: (a) => a.slice(1).some((w) => ['install', 'in', 'refresh', 'ref', 'update', 'up'].includes(w)),
  },
  {
    programs: ['pip', 'pip3'],
    dirs: ['/root/.cache/pip'],
    fills: (a) => sub(a) === 'install' && !a.includes('--no-cache-dir'),
  },
  { programs: ['npm'], dirs: ['/root/.npm'], fills: (a) => ['install', 'i', 'ci', 'add'].includes(sub(a)) },
  {
    programs: ['yarn'],
    dirs: ['/usr/local/share/.cache/yarn'],
    fills: (a) => ['', 'install', 'add'].includes(sub(a)),
  },
];

/** Package-manager cache cleans and the folders they empty (`apt-get clean` is left out: see below). */
const CACHE_CLEANS: { programs: string[]; subcommands: string[]; dirs: string[] }[] = [
  {
    programs: ['yum', 'dnf', 'microdnf'],
    subcommands: ['clean'],
    dirs: ['/var/cache/yum', '/var/cache/dnf'],
  },
  { programs: ['zypper'], subcommands: ['clean', 'cc'], dirs: ['/var/cache/zypp'] },
  { programs: ['apk'], subcommands: ['cache'], dirs: ['/var/cache/apk'] },
  { programs: ['pip', 'pip3'], subcommands: ['cache'], dirs: ['/root/.cache/pip'] },
  { programs: ['npm'], subcommands: ['cache'], dirs: ['/root/.npm'] },
  { programs: ['yarn'], subcommands: ['cache'], dirs: ['/usr/local/share/.cache/yarn'] },
];

const UNPACKERS = new Set(['unzip', 'gunzip', 'bunzip2', 'unxz', '7z', '7za']);
const CURL_VALUED: ValuedOptions = {
  long: [
    '--output',
    '--user-agent',
    '--header',
    '--data',
    '--user',
    '--retry',
    '--max-time',
    '--connect-timeout',
  ],
  short: 'oHduAmXe',
};

/** Every program `layerEffects` reads; other commands are passed over. */
const READ = new Set([
  'cd',
  ...TOOL_CACHES.flatMap((t) => t.programs),
  ...CACHE_CLEANS.flatMap((c) => c.programs),
  'apt-get',
  'apt',
  'apk',
  'yum',
  'dnf',
  'microdnf',
  'rm',
  'unlink',
  'find',
  'mv',
  'chown',
  'chgrp',
  'chmod',
  'curl',
  'wget',
  'git',
  'cp',
  'tar',
  'bsdtar',
  'make',
  'xz',
  ...UNPACKERS,
]);

/** Reads what the RUN's commands do, tracking `cd` from the WORKDIR `cwd` (undefined when unknown). */
export function layerEffects(instruction: InstructionInfo, cwd: string | undefined): LayerEffects {
  const effects: LayerEffects = {
    wrote: [],
    installed: [],
    fetchedIndex: [],
    installsWith: [],
    acts: [],
    removed: [],
  };
  const commands = instruction.commands;
  let dir = cwd;
  let entered = false; // true once a `cd` of this RUN set the directory
  const tree = (path: string | undefined): void => {
    if (path !== undefined) effects.wrote.push({ path, tree: true, instruction });
  };
  const file = (path: string | undefined): void => {
    if (path !== undefined) effects.wrote.push({ path, tree: false, instruction });
  };
  const act = (action: FileAction, written: string, recursive: boolean): void => {
    const path = resolvePath(written, dir);
    if (path !== undefined) effects.acts.push({ action, target: { path, recursive }, written });
  };

  for (const [index, command] of commands.entries()) {
    const argv = command.argv;
    const program = programName(command);
    if (!READ.has(program)) continue; // most commands neither write nor act on files this reads
    const to = cdTarget(command);
    if (to !== undefined) {
      dir = changeDirectory(dir, to);
      entered = dir !== undefined;
      continue;
    }
    // Caches the tool fills, unless this RUN empties them again or mounts a cache over them.
    const cache = TOOL_CACHES.find((t) => t.programs.includes(program));
    if (cache?.fills(argv)) {
      const after = commands.slice(index + 1);
      for (const d of cache.dirs) if (!removesDir(after, [d]) && !hasMountOver(instruction, [d])) tree(d);
    }
    readPackageManager(command, commands.slice(index + 1), effects);

    const deleted = deletedPaths(command);
    if (deleted) {
      for (const { path, recursive } of deleted) act('deletes', path, recursive);
      continue;
    }
    const clean = CACHE_CLEANS.find(
      (c) => c.programs.includes(program) && c.subcommands.includes(operands(argv)[0] ?? ''),
    );
    if (clean) {
      for (const d of clean.dirs)
        effects.acts.push({ action: 'deletes', target: { path: d, recursive: true }, written: d });
      continue;
    }
    switch (program) {
      case 'mv': {
        const words = operands(argv, { long: ['--target-directory', '--suffix'], short: 'tS' });
        const target = optionValues(argv, '--target-directory', 't');
        const sources = target.length > 0 ? words : words.slice(0, -1);
        for (const s of sources) act('moves', s, true);
        const dest = target[0] ?? words[words.length - 1];
        if (dest !== undefined && sources.length > 0) tree(resolvePath(dest, dir));
        break;
      }
      case 'chown':
      case 'chgrp':
      case 'chmod': {
        if (argv.some((a) => a.startsWith('--reference'))) break;
        // chmod modes such as `-x` look like options; the first word that is not a real option is the setting.
        const words = argv.slice(1).filter((a) => !/^-[RvcfhHLP]+$|^--[a-z-]+(=.*)?$/.test(a));
        const recursive = hasOption(argv, ['--recursive'], 'R');
        for (const p of words.slice(1)) act(program === 'chmod' ? 'chmods' : 'chowns', p, recursive);
        break;
      }
      case 'curl': {
        for (const out of optionValues(argv, '--output', 'o', CURL_VALUED)) file(resolvePath(out, dir));
        if (hasOption(argv, ['--remote-name'], 'O', CURL_VALUED))
          for (const url of argv.filter((a) => /^https?:\/\//.test(a)))
            file(resolvePath(remoteFileName(url), dir));
        break;
      }
      case 'wget': {
        const outputs = optionValues(argv, '--output-document', 'O', { long: [], short: 'OPo' });
        if (outputs.some((o) => o === '-')) break;
        const prefix = optionValues(argv, '--directory-prefix', 'P', { long: [], short: 'OPo' })[0];
        if (outputs.length > 0) for (const out of outputs) file(resolvePath(out, dir));
        else
          for (const url of argv.filter((a) => /^https?:\/\//.test(a)))
            file(resolvePath(prefix ? `${prefix}/${remoteFileName(url)}` : remoteFileName(url), dir));
        break;
      }
      case 'git': {
        const words = operands(argv, { long: ['--branch', '--depth', '--origin', '-c'], short: 'bocj' });
        if (words[0] !== 'clone' || !words[1]) break;
        const name = words[2] ?? remoteFileName(words[1]).replace(/\.git$/, '');
        tree(resolvePath(name, dir));
        break;
      }
      case 'cp': {
        const words = operands(argv, { long: ['--target-directory'], short: 't' });
        const dest = optionValues(argv, '--target-directory', 't')[0] ?? words[words.length - 1];
        const sources = words.length > 1 ? words.slice(0, -1) : [];
        if (dest === undefined || sources.length === 0) break;
        tree(resolvePath(dest, dir));
        break;
      }
      case 'tar':
      case 'bsdtar': {
        const archive = tarExtracts(argv);
        if (archive === undefined) break;
        if (archive !== '-') act('unpacks', archive, false);
        const into = optionValues(argv, '--directory', 'C', { long: [], short: 'fCb' })[0];
        if (into !== undefined) tree(resolvePath(into, dir));
        else if (entered) tree(dir);
        break;
      }
      case 'make': {
        const into = optionValues(argv, '--directory', 'C', { long: [], short: 'Cfj' })[0];
        if (into !== undefined) tree(resolvePath(into, dir));
        else if (entered) tree(dir);
        break;
      }
      default:
        if (UNPACKERS.has(program) || (program === 'xz' && hasOption(argv, ['--decompress'], 'd'))) {
          const words = operands(argv, { long: [], short: 'dx' });
          const archive = words.find((w) => isArchiveName(w));
          if (archive) act('unpacks', archive, false);
          const into = optionValues(argv, '--directory', 'd')[0];
          if (program === 'unzip' && into !== undefined) tree(resolvePath(into, dir));
        }
    }
  }
  // What the RUN deleted or moved away itself is not in its layer.
  const gone = effects.acts.filter((a) => a.action === 'deletes' || a.action === 'moves');
  if (gone.length > 0)
    effects.wrote = effects.wrote.filter((area) => !gone.some((a) => covers(a.target, area)));
  return effects;
}

/** True when acting on `target` takes in all of `area` (`rm -rf /tmp/*` covers `/tmp/x`, `/tmp`'s contents). */
function covers(target: Target, area: CopiedArea): boolean {
  const path = target.path;
  if (!/[*?[]/.test(path)) return area.path === path || (target.recursive && isWithin(area.path, path));
  const contents = /^(.*)\/\*{1,2}$/.exec(path)?.[1];
  if (
    contents !== undefined &&
    (area.path === contents || (target.recursive && isWithin(area.path, contents)))
  )
    return area.path !== contents || area.tree;
  return !area.tree && picomatch.isMatch(area.path, path, { dot: true });
}

/** For `tar` that extracts: the archive (`-f FILE`, `xzf FILE`, `-` for stdin); undefined otherwise. */
function tarExtracts(argv: string[]): string | undefined {
  const first = argv[1] ?? '';
  // Old-style bundled letters without a dash: `tar xzf file.tgz`.
  if (/^[a-zA-Z]+$/.test(first) && first.includes('x')) {
    return first.includes('f') ? (argv[2] ?? '-') : '-';
  }
  const extracts = hasOption(argv, ['--extract', '--get'], 'x', { long: [], short: 'fCb' });
  if (!extracts) return undefined;
  return optionValues(argv, '--file', 'f', { long: [], short: 'fCb' })[0] ?? '-';
}

/** Records installs, removals and index fetches of apt, apk and the RPM family. */
function readPackageManager(command: ShellCommand, after: ShellCommand[], effects: LayerEffects): void {
  const apt = aptCommand(command);
  const apk = apkCommand(command);
  const rpm = toolCommand(command, ['yum', 'dnf', 'microdnf'], RPM_VALUED_OPTIONS);
  const tool: IndexTool | undefined = apt ? 'apt' : apk ? 'apk' : rpm ? 'rpm' : undefined;
  const read = apt ?? apk ?? rpm;
  if (!tool || !read) return;
  const installs = (c: ShellCommand): boolean => installedPackages(c) !== undefined && sameTool(c, tool);
  const packages = installedPackages(command);
  if (packages) {
    effects.installed.push(...packages);
    effects.installed.push(...optionValues(command.argv, '--virtual', 't'));
    effects.installsWith.push(tool);
    return;
  }
  const sub = read.sub;
  const fetches =
    (tool === 'apt' && sub === 'update') ||
    (tool === 'apk' && sub === 'update') ||
    (tool === 'rpm' && sub === 'makecache');
  if (fetches && !after.some(installs)) {
    effects.fetchedIndex.push({ tool, label: command.argv.join(' ') });
    return;
  }
  const removes =
    (tool === 'apt' && ['purge', 'remove'].includes(sub)) ||
    (tool === 'apk' && sub === 'del') ||
    (tool === 'rpm' && ['remove', 'erase'].includes(sub));
  if (removes) effects.removed.push(...operands(command.argv, read.valued, read.index + 1));
}

function sameTool(command: ShellCommand, tool: IndexTool): boolean {
  if (tool === 'apt') return aptCommand(command) !== undefined;
  if (tool === 'apk') return apkCommand(command) !== undefined;
  return toolCommand(command, ['yum', 'dnf', 'microdnf'], RPM_VALUED_OPTIONS) !== undefined;
}

/** The first act of `later` on files `earlier` wrote, if any. */
export function actOnWritten(later: LayerEffects, earlier: LayerEffects): FileAct | undefined {
  const order: FileAction[] = ['deletes', 'moves', 'chowns', 'chmods', 'unpacks'];
  for (const action of order) {
    const found = later.acts.find(
      (a) => a.action === action && earlier.wrote.some((area) => touchesArea(a.target, area)),
    );
    if (found) return found;
  }
  return undefined;
}

/** The packages `later` removes that `earlier` installed. */
export function removedInstalled(later: LayerEffects, earlier: LayerEffects): string[] {
  return later.removed.filter((p) => earlier.installed.includes(p));
}

/** A package index `earlier` fetched and `later` installs from, if any. */
export function splitIndex(
  later: LayerEffects,
  earlier: LayerEffects,
): { tool: IndexTool; label: string } | undefined {
  return earlier.fetchedIndex.find((f) => later.installsWith.includes(f.tool));
}

/** The file name of a path, for labels. */
export function baseName(path: string): string {
  return posix.basename(path);
}
