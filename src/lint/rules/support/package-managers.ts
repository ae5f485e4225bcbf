/**
 * Package managers' commands and cache folders: which subcommand of apt, apk, yum/dnf/microdnf or
 * zypper runs, which OS packages it installs, whether apt is configured elsewhere, and whether a RUN
 * that fills a cache (theirs, or npm's, yarn's, pip's) empties it or mounts over it. Everything answers conservatively: when a command cannot
 * be read, it counts as "follows the practice" so the rules stay silent.
 */
import type { DockerfileModel, InstructionInfo, RunCommands } from '../../../dockerfile/model.js';
import { programName, type ShellCommand } from '../../../dockerfile/shell.js';
import { baseImage, instructionsBefore, runs } from '../../../dockerfile/stages.js';
import {
  hasOption,
  NO_VALUED_OPTIONS,
  operands,
  optionValues,
  positionals,
  subcommand,
  type ValuedOptions,
} from './argv.js';

/** A package-manager command: which program, its subcommand (`install`) and where it is in argv. */
export interface ToolCommand {
  program: string;
  sub: string;
  index: number;
  valued: ValuedOptions;
}

/** Reads `command` as a run of one of `programs`; undefined for any other program. */
export function toolCommand(
  command: ShellCommand,
  programs: string[],
  valued: ValuedOptions = NO_VALUED_OPTIONS,
): ToolCommand | undefined {
  const program = programName(command);
  if (!programs.includes(program)) return undefined;
  const sub = subcommand(command.argv, valued);
  return sub && { program, sub: sub.name, index: sub.index, valued };
}

const APT_VALUED: ValuedOptions = {
  long: ['--option', '--config-file', '--target-release', '--default-release', '--host-architecture'],
  short: 'ocatP',
};

/** For an `apt-get …` / `apt …` command: the program, its subcommand and apt's valued options. */
export function aptCommand(command: ShellCommand): ToolCommand | undefined {
  return toolCommand(command, ['apt-get', 'apt'], APT_VALUED);
}

const APK_VALUED: ValuedOptions = {
  long: ['--repository', '--root', '--arch', '--cache-dir', '--keys-dir', '--repositories-file', '--virtual'],
  short: 'Xpt',
};

/** For an `apk …` command: its subcommand (`add`, `del`) and apk's valued options. */
export function apkCommand(command: ShellCommand): ToolCommand | undefined {
  return toolCommand(command, ['apk'], APK_VALUED);
}

/** Lower-cased `NAME=value` settings passed to apt with `-o`. */
export function aptOptions(command: ShellCommand): string[] {
  return optionValues(command.argv, '--option', 'o').map((v) => v.replace(/^=/, '').toLowerCase());
}

/**
 * True when apt may get `setting` from a conf file rather than the command line: an earlier
 * instruction or another command of this RUN mentions it (`echo 'APT::…' > /etc/apt/…`), or a file is
 * copied or added into /etc/apt.
 */
export function aptConfigures(model: DockerfileModel, run: RunCommands, setting: RegExp): boolean {
  const earlier = instructionsBefore(model, run.instruction).some(
    (i) => setting.test(i.args) || (/^(COPY|ADD)$/.test(i.keyword) && /\s\/etc\/apt\b/.test(i.args)),
  );
  return earlier || run.commands.some((c) => !aptCommand(c) && c.argv.some((a) => setting.test(a)));
}

/** Package-manager options that take a value (`apk add --virtual .build …`, `apt-get -o X=Y …`). */
const PACKAGE_VALUE_OPTIONS = [
  '--virtual',
  '-t',
  '--repository',
  '-X',
  '-o',
  '--option',
  '--target-release',
  '--setopt',
];

/** Programs `installedPackages` reads. */
const PACKAGE_INSTALLERS = new Set([
  'apt-get',
  'apt',
  'aptitude',
  'yum',
  'dnf',
  'microdnf',
  'tdnf',
  'apk',
  'zypper',
]);

/**
 * True for an apt command that only shows what it would do: `-s`, `--simulate`, `--just-print`,
 * `--dry-run`, `--recon`, `--no-act`, or `-o APT::Get::Simulate=true`. It installs nothing and never prompts.
 */
export function aptSimulates(command: ShellCommand): boolean {
  const apt = aptCommand(command);
  if (!apt) return false;
  const long = ['--simulate', '--just-print', '--dry-run', '--recon', '--no-act'];
  return (
    hasOption(command.argv, long, 's', apt.valued) ||
    aptOptions(command).some((o) => /^apt::get::simulate=(true|1|yes|on)$/.test(o))
  );
}

/** For an apt command that installs (`apt-get install`, not a simulation): the command; else undefined. */
export function aptInstall(command: ShellCommand): ToolCommand | undefined {
  const apt = aptCommand(command);
  return apt?.sub === 'install' && !aptSimulates(command) ? apt : undefined;
}

/** The OS packages a command installs (`apt-get install`, `apk add`, `yum/dnf install`); undefined if none. */
export function installedPackages(command: ShellCommand): string[] | undefined {
  const program = programName(command);
  if (!PACKAGE_INSTALLERS.has(program)) return undefined;
  if (aptSimulates(command)) return undefined;
  const [sub, ...packages] = positionals(command.argv, 1, PACKAGE_VALUE_OPTIONS);
  const install =
    (['apt-get', 'apt', 'aptitude', 'yum', 'dnf', 'microdnf', 'tdnf'].includes(program) &&
      sub === 'install') ||
    (program === 'apk' && sub === 'add') ||
    (program === 'zypper' && (sub === 'install' || sub === 'in'));
  return install ? packages.map((p) => p.split(/[=<>~]/)[0] ?? p) : undefined;
}

/** Maps `~`, `$HOME`, `${HOME}` and `/home/<user>` to `/root` so home caches compare across users. */
function normaliseHome(path: string): string {
  return path.replace(/^(~|\$\{HOME\}|\$HOME|\/home\/[^/]+)(?=\/|$)/, '/root');
}

/** Strips trailing `/`, `/*`, `/**`, `/.` so `/var/cache/apk/*` names `/var/cache/apk`. */
function normaliseDir(path: string): string {
  return normaliseHome(path).replace(/(\/(\*|\*\*|\.)?)+$/, '') || '/';
}

/** Characters that make a path word a glob. */
const GLOB = /[*?[]/;

/**
 * True when `path` (as written in rm, find or a mount target) is one of `dirs` or contains it, or is
 * a glob naming the entries right inside one of them (`/var/lib/apt/lists/*_*`, `/var/cache/apk/*.gz`):
 * a narrower glob than `*` still removes the bulk of a cache, and the rules would rather stay silent.
 * A glob deeper down (`/var/lib/apt/lists/partial/*`) only empties a sub-folder, so it does not count.
 */
export function coversDir(path: string, dirs: string[]): boolean {
  const p = normaliseDir(path);
  if (p.includes('$')) return true; // an unexpanded variable: cannot tell, assume it is the cache
  return dirs.some((d) => {
    const dir = normaliseDir(d);
    if (p === dir || dir.startsWith(p === '/' ? '/' : `${p}/`)) return true;
    const [entry = ''] = p.startsWith(`${dir}/`) ? p.slice(dir.length + 1).split('/') : [];
    return GLOB.test(entry);
  });
}

/** True when one of `commands` deletes one of `dirs` (or a directory above it): `rm -rf`, `find -delete`. */
export function removesDir(commands: ShellCommand[], dirs: string[]): boolean {
  return commands.some((c) => {
    const program = programName(c);
    if (program === 'rm') return operands(c.argv).some((o) => coversDir(o, dirs));
    if (program !== 'find') return false;
    const deletes =
      c.argv.includes('-delete') || c.argv.some((a, i) => a === '-exec' && c.argv[i + 1] === 'rm');
    // find's starting points come before the first expression word (`-type`, `!`, `(`).
    const firstExpression = c.argv.findIndex((a, i) => i > 0 && /^[-!(]/.test(a));
    const roots = c.argv.slice(1, firstExpression === -1 ? undefined : firstExpression);
    return deletes && roots.some((o) => coversDir(o, dirs));
  });
}

/** True when the RUN mounts something (cache, tmpfs, bind) over one of `dirs` or a directory above it. */
export function hasMountOver(instruction: InstructionInfo, dirs: string[]): boolean {
  return (instruction.flags.get('mount') ?? []).some((mount) => {
    const fields = new Map(
      mount.split(',').map((f) => {
        const [key = '', ...value] = f.split('=');
        return [key.trim().toLowerCase(), value.join('=').replace(/^["']|["']$/g, '')] as const;
      }),
    );
    const type = fields.get('type') ?? 'bind';
    const target = fields.get('target') ?? fields.get('dst') ?? fields.get('destination');
    return type !== 'secret' && type !== 'ssh' && target?.startsWith('/') === true && coversDir(target, dirs);
  });
}

/** How a cache is filled, emptied and where it lives, for `uncleanedCaches`. */
export interface CacheSpec {
  /** True for a command that fills the cache (and is not already told to skip it). */
  fills(command: ShellCommand, index: number, run: RunCommands): boolean;
  /** True for a command that empties the cache (`yum clean all`). */
  cleans(command: ShellCommand): boolean;
  /** Directories of the cache; `~/` stands for any home directory. */
  dirs: string[];
}

/**
 * The RUNs of shipped stages that fill a cache and neither empty it afterwards (clean command,
 * `rm -rf`, `find -delete`) nor mount over it, each with its first filling command.
 */
export function uncleanedCaches(
  model: DockerfileModel,
  spec: CacheSpec,
): { run: RunCommands; command: ShellCommand }[] {
  const found: { run: RunCommands; command: ShellCommand }[] = [];
  for (const run of runs(model, { shippedOnly: true })) {
    let first = -1;
    let last = -1;
    run.commands.forEach((c, i) => {
      if (!spec.fills(c, i, run)) return;
      if (first === -1) first = i;
      last = i;
    });
    if (first === -1 || hasMountOver(run.instruction, spec.dirs)) continue;
    const after = run.commands.slice(last + 1);
    if (after.some((c) => spec.cleans(c)) || removesDir(after, spec.dirs)) continue;
    found.push({ run, command: run.commands[first] as ShellCommand });
  }
  return found;
}

/** Options of the RPM-family front-ends (yum, dnf, microdnf) that take a value. */
export const RPM_VALUED_OPTIONS: ValuedOptions = {
  long: [
    '--config',
    '--installroot',
    '--enablerepo',
    '--disablerepo',
    '--exclude',
    '--setopt',
    '--releasever',
    '--repo',
  ],
  short: 'cdeRx',
};

/** Options of zypper (global ones before the subcommand) that take a value. */
export const ZYPPER_VALUED_OPTIONS: ValuedOptions = {
  long: [
    '--root',
    '--reposd-dir',
    '--cache-dir',
    '--raw-cache-dir',
    '--solv-cache-dir',
    '--pkg-cache-dir',
    '--config',
  ],
  short: 'RDCc',
};

/**
 * RPM-family subcommands (and dnf's short forms) that download repository metadata (and packages)
 * into the cache.
 */
export const RPM_FILLING_SUBCOMMANDS: ReadonlySet<string> = new Set([
  'install',
  'in',
  'groupinstall',
  'localinstall',
  'reinstall',
  'rei',
  'update',
  'upgrade',
  'up',
  'upgrade-minimal',
  'update-minimal',
  'up-min',
  'distro-sync',
  'dsync',
  'downgrade',
  'dg',
  'makecache',
  'mc',
]);

// Alpine packages that only build or fetch: compilers, build systems, headers, download and signature tools.
const BUILD_TOOL_PACKAGES = new Set([
  'build-base',
  'alpine-sdk',
  'abuild',
  'gcc',
  'g++',
  'clang',
  'llvm',
  'make',
  'cmake',
  'ninja',
  'meson',
  'autoconf',
  'automake',
  'libtool',
  'bison',
  'flex',
  'nasm',
  'yasm',
  'binutils',
  'pkgconf',
  'pkgconfig',
  'dpkg-dev',
  'linux-headers',
  'go',
  'rust',
  'cargo',
  'curl',
  'wget',
  'git',
  'gnupg',
  'gpg',
]);

/**
 * True for an Alpine package that is only needed to build or fetch software: `-dev` packages,
 * compilers and build systems, and fetch tools (curl, wget, git, gnupg). Variables (`$runDeps`) and
 * `so:` dependencies are not: they name what the software needs at run time.
 */
export function isBuildToolPackage(name: string): boolean {
  const bare = name.split(/[=<>~]/)[0] ?? name;
  return bare.endsWith('-dev') || BUILD_TOOL_PACKAGES.has(bare) || /^(clang|llvm|gcc)\d+$/.test(bare);
}

/**
 * The folder an RPM front-end caches in on the image a RUN builds on, when the base image tells it:
 * `yum` is dnf (cache in /var/cache/dnf) on Fedora, Amazon Linux 2023 and EL 8+ (Rocky, Alma, UBI 8+,
 * CentOS Stream, Oracle Linux 8+), and plain yum (/var/cache/yum) on CentOS 7, Amazon Linux 2 and EL 7;
 * `dnf` is dnf5 (/var/cache/libdnf5) on Fedora 41+. Undefined when the base image does not say.
 */
export function rpmCacheDir(
  model: DockerfileModel,
  instruction: InstructionInfo,
  program: string,
): string | undefined {
  if (program === 'microdnf') return '/var/cache/yum';
  if (program === 'dnf5') return '/var/cache/libdnf5';
  if (program === 'dnf-3') return '/var/cache/dnf';
  const stage = model.stages[instruction.stage];
  if (!stage) return undefined;
  const from = baseImage(model, stage);
  if (from.hasVariable) return undefined;
  const name = from.name.replace(/^library\//, '');
  const version = Number.parseInt(/^\d+/.exec(from.tag ?? '')?.[0] ?? '', 10);
  const known = !Number.isNaN(version);
  // Which front-end `yum` and `dnf` are on this base: 'yum' (yum 3), 'dnf' (dnf 4) or 'dnf5'.
  let family: 'yum' | 'dnf' | 'dnf5' | undefined;
  if (name === 'fedora') family = known ? (version >= 41 ? 'dnf5' : 'dnf') : undefined;
  else if (name === 'amazonlinux') family = known ? (version >= 2022 ? 'dnf' : 'yum') : undefined;
  else if (/^(centos|oraclelinux|rhel\d*\/ubi\d*|ubi\d*|redhat\/ubi\d*|rockylinux|almalinux)/.test(name)) {
    const ubi = /ubi(\d+)/.exec(name);
    const el = ubi ? Number(ubi[1]) : version;
    if (!Number.isNaN(el)) family = el >= 8 ? 'dnf' : 'yum';
    // Rocky and Alma start at 8; CentOS Stream (`quay.io/centos/centos:stream9`) is EL 8+.
    else if (/^(rockylinux|almalinux)/.test(name) || /^stream/.test(from.tag ?? '')) family = 'dnf';
  }
  if (family === undefined) return undefined;
  if (family === 'yum') return program === 'yum' ? '/var/cache/yum' : undefined;
  if (family === 'dnf5') return '/var/cache/libdnf5';
  return '/var/cache/dnf';
}
