/**
 * Which packages an install command names without a version, per package manager, as hadolint's
 * pinning checks (DL3008, DL3013, DL3016, DL3018, DL3028, DL3033, DL3037, DL3041, DL3062) define
 * "pinned". A word that holds a variable (`$PKGS`) cannot be judged and counts as pinned, so the
 * rules stay silent rather than guess.
 */
import type { DockerfileModel, RunCommands } from '../../../dockerfile/model.js';
import { programName, type ShellCommand } from '../../../dockerfile/shell.js';
import { runs } from '../../../dockerfile/stages.js';
import { hasOption, operands, type ValuedOptions } from './argv.js';
import { aptInstall, apkCommand, RPM_VALUED_OPTIONS, toolCommand } from './package-managers.js';

/** A RUN whose commands install packages named without a version. */
export interface UnpinnedInstall {
  run: RunCommands;
  /** The words that name a package without a version, as written, in order. */
  packages: string[];
}

/** Reads one command: the package words it installs (undefined: not an install of this manager). */
export type PackageWords = (command: ShellCommand) => string[] | undefined;

/**
 * Every RUN (all stages: a builder's unpinned tools change its output too) whose install commands
 * name packages `isPinned` rejects, with those packages; one entry per RUN.
 */
export function unpinnedInstalls(
  model: DockerfileModel,
  packageWords: PackageWords,
  isPinned: (word: string) => boolean,
): UnpinnedInstall[] {
  const found: UnpinnedInstall[] = [];
  for (const run of runs(model)) {
    const packages = run.commands.flatMap((command) =>
      (packageWords(command) ?? []).filter((w) => !w.includes('$') && !isPinned(w)),
    );
    if (packages.length > 0) found.push({ run, packages: [...new Set(packages)] });
  }
  return found;
}

/** Up to four packages for a message: `curl`, `git`, … */
export function listPackages(packages: readonly string[]): string {
  const shown = packages.slice(0, 4).map((p) => `\`${p}\``);
  return packages.length > 4 ? `${shown.join(', ')}, …` : shown.join(', ');
}

/** `apt-get install` / `apt install` operands (DL3008). */
export const aptPackages: PackageWords = (command) => {
  const apt = aptInstall(command);
  return apt && operands(command.argv, apt.valued, apt.index + 1);
};

/** apt: `pkg=1.2`, a target release `pkg/bookworm-backports`, or a local `.deb`. */
export function aptPinned(word: string): boolean {
  return word.includes('=') || word.includes('/') || word.endsWith('.deb');
}

/** `apk add` operands (DL3018). */
export const apkPackages: PackageWords = (command) => {
  const apk = apkCommand(command);
  return apk?.sub === 'add' ? operands(command.argv, apk.valued, apk.index + 1) : undefined;
};

/** apk: `pkg=1.2-r0`, `pkg~1.2`, `pkg>1.2`, `pkg<2`, or a local `.apk` file. */
export function apkPinned(word: string): boolean {
  return /[=~<>]/.test(word) || word.endsWith('.apk');
}

const PIP_VALUED: ValuedOptions = {
  long: [
    '--abi',
    '--build',
    '--editable',
    '--extra-index-url',
    '--find-links',
    '--index-url',
    '--implementation',
    '--no-binary',
    '--only-binary',
    '--platform',
    '--prefix',
    '--progress-bar',
    '--proxy',
    '--python-version',
    '--root',
    '--src',
    '--target',
    '--trusted-host',
    '--upgrade-strategy',
    '--cache-dir',
    '--log',
    '--timeout',
    '--retries',
  ],
  short: 'befit',
};

/** `pip install` operands (also `pip3.12`, `python -m pip`), except when a requirements file pins them (DL3013). */
export const pipPackages: PackageWords = (command) => {
  const { argv } = command;
  let start = -1;
  if (/^pip(\d+(\.\d+)?)?$/.test(programName(command))) start = 1;
  else if (/^python(\d+(\.\d+)?)?$/.test(programName(command))) {
    const m = argv.indexOf('-m');
    if (m !== -1 && /^pip(\d+(\.\d+)?)?$/.test(argv[m + 1] ?? '')) start = m + 2;
  }
  if (start === -1) return undefined;
  const rest = ['pip', ...argv.slice(start)];
  const words = operands(rest, PIP_VALUED);
  if (words[0] !== 'install') return undefined;
  // A requirements or constraints file, or the project itself, decides the versions.
  if (hasOption(rest, ['--requirement', '--constraint'], 'rc', PIP_VALUED) || words.includes('.')) return [];
  return words.slice(1);
};

const VCS = /^(git|hg|svn|bzr)(\+[a-z-]+)?:/;

/** pip: a version specifier, a VCS URL with `@ref`, a wheel or sdist file, or a path or URL. */
export function pipPinned(word: string): boolean {
  if (/(==|>=|<=|!=|~=|>|<)/.test(word)) return true;
  if (VCS.test(word)) return /@[^/]+$/.test(word.replace(/#.*$/, ''));
  return word.endsWith('.whl') || word.endsWith('.tar.gz') || word.includes('/');
}

const NPM_VALUED: ValuedOptions = {
  long: [
    '--registry',
    '--prefix',
    '--cache',
    '--userconfig',
    '--globalconfig',
    '--tag',
    '--workspace',
    '--loglevel',
  ],
  short: 'Cw',
};

/** `npm install|i|add <packages>` operands (DL3016); none means package.json decides. */
export const npmPackages: PackageWords = (command) => {
  const npm = toolCommand(command, ['npm'], NPM_VALUED);
  if (!npm || !['install', 'i', 'add'].includes(npm.sub)) return undefined;
  return operands(command.argv, NPM_VALUED, npm.index + 1);
};

/** npm: `pkg@1.2` (also `@scope/pkg@1.2`), a git URL with `#ref`, a tarball, or a folder. */
export function npmPinned(word: string): boolean {
  if (/^git(\+(ssh|https?))?:\/\//.test(word)) return word.includes('#');
  if (/\.(tar|tar\.gz|tgz)$/.test(word) || /^(\/|\.\.?\/|~\/)/.test(word)) return true;
  const bare = word.startsWith('@') ? word.slice(word.indexOf('/') + 1) : word;
  return bare.includes('@');
}

const GEM_VALUED: ValuedOptions = {
  long: ['--install-dir', '--bindir', '--source', '--platform', '--version', '--trust-policy', '--document'],
  short: 'insvP',
};

/** `gem install|i` operands, unless `-v`/`--version` names the version (DL3028). */
export const gemPackages: PackageWords = (command) => {
  const gem = toolCommand(command, ['gem'], GEM_VALUED);
  if (!gem || !['install', 'i'].includes(gem.sub)) return undefined;
  if (hasOption(command.argv, ['--version'], 'v', GEM_VALUED)) return [];
  return operands(command.argv, GEM_VALUED, gem.index + 1);
};

/** gem: `name:1.2`, or a local `.gem` file. */
export function gemPinned(word: string): boolean {
  return word.includes(':') || word.endsWith('.gem');
}

/**
 * `yum`/`dnf`/`microdnf install` operands (DL3033, DL3041), and `module install` streams. Groups
 * (`@name`, `group install`) are sets, not versions, and are left alone.
 */
export function rpmPackages(programs: string[]): PackageWords {
  return (command) => {
    const tool = toolCommand(command, programs, RPM_VALUED_OPTIONS);
    if (!tool) return undefined;
    if (tool.sub === 'module') {
      const words = operands(command.argv, RPM_VALUED_OPTIONS, tool.index + 1);
      return words[0] === 'install' ? words.slice(1).map((w) => `module:${w}`) : undefined;
    }
    if (!['install', 'in'].includes(tool.sub)) return undefined;
    return operands(command.argv, RPM_VALUED_OPTIONS, tool.index + 1).filter((w) => !w.startsWith('@'));
  };
}

/**
 * RPM: `name-1.2.3` (a dash-separated tail of version characters, one part starting with a digit),
 * an `.rpm` file, a path or URL, or a shell glob of versions; module streams need `name:stream`.
 */
export function rpmPinned(word: string): boolean {
  if (word.startsWith('module:')) return word.slice('module:'.length).includes(':');
  if (word.endsWith('.rpm') || word.includes('/')) return true;
  const parts = word.split('-').slice(1);
  return (
    parts.length > 0 &&
    parts.every((p) => /^[A-Za-z0-9.~^_:+*]+$/.test(p)) &&
    parts.some((p) => /^\d/.test(p))
  );
}

const ZYPPER_VALUED: ValuedOptions = {
  long: ['--type', '--repo', '--from', '--root', '--config', '--name'],
  short: 'trRcn',
};

/** `zypper install|in` operands (DL3037). */
export const zypperPackages: PackageWords = (command) => {
  const zypper = toolCommand(command, ['zypper'], ZYPPER_VALUED);
  if (!zypper || !['install', 'in'].includes(zypper.sub)) return undefined;
  return operands(command.argv, ZYPPER_VALUED, zypper.index + 1);
};

/** zypper: `name=1.2`, `name>=1.2`, `name<2`, or an `.rpm` file or URL. */
export function zypperPinned(word: string): boolean {
  return /[=<>]/.test(word) || word.endsWith('.rpm') || word.includes('/');
}

/** go's build flags that take a value as the next word (`-tags netgo`, `-o out`). */
const GO_VALUED = new Set([
  '-C',
  '-o',
  '-p',
  '-tags',
  '-ldflags',
  '-gcflags',
  '-asmflags',
  '-mod',
  '-modfile',
  '-pkgdir',
  '-toolexec',
  '-overlay',
  '-pgo',
  '-exec',
  '-buildmode',
  '-compiler',
  '-gccgoflags',
  '-installsuffix',
]);

/** `go install|get|run` package paths (DL3062); for `go run`, only the package, not its arguments. */
export const goPackages: PackageWords = (command) => {
  if (programName(command) !== 'go') return undefined;
  const { argv } = command;
  const sub = argv[1];
  if (sub !== 'install' && sub !== 'get' && sub !== 'run') return undefined;
  const words: string[] = [];
  for (let i = 2; i < argv.length; i += 1) {
    const word = argv[i] as string;
    if (word === '--') continue;
    // go spells its flags with one dash or two, and takes `-flag value` or `-flag=value`.
    if (word.startsWith('-')) {
      if (!word.includes('=') && GO_VALUED.has(word.replace(/^--/, '-'))) i += 1;
      continue;
    }
    words.push(word);
    if (sub === 'run') break;
  }
  return words;
};

/** go: `path@version` other than `@latest`, a local package (`.`, `./cmd`, `/src/app`) or a `.go` file. */
export function goPinned(word: string): boolean {
  if (/^(\.|\.\.|\/|\.\/|\.\.\/)/.test(word) || word === '.' || word.endsWith('.go')) return true;
  const at = word.lastIndexOf('@');
  return at > 0 && !/^(latest|upgrade|patch)$/.test(word.slice(at + 1));
}
