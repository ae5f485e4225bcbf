/**
 * Which commands install dependencies from manifests in the build context (`npm ci`, `pip install -r`,
 * `go mod download`, OS packages), for the rules about copying the context before installing.
 */
import { programName, type ShellCommand } from '../../../dockerfile/shell.js';
import { operands, positionals, subcommand, type ValuedOptions } from './argv.js';
import { installedPackages } from './package-managers.js';

/** A dependency install that reads manifests from the context. */
export interface DependencyInstall {
  /** Tool family; two installs of one ecosystem mean the manifests were already installed. */
  ecosystem: string;
  /** The command, as a short label (`npm ci`). */
  label: string;
  /** The files to copy before it (`package.json and package-lock.json`); undefined for OS packages. */
  manifests?: string;
}

/** One package manager: returns a label when `argv` (program name first) installs from manifests. */
interface Installer {
  /** The program names (`argv[0]` without its directory) `match` can accept. */
  programs: string[];
  ecosystem: string;
  manifests: string;
  match(argv: string[]): string | undefined;
}

const NPM_VALUE_OPTIONS = ['--omit', '--include', '--prefix', '--registry', '--loglevel', '--cache'];
/** yarn's options that take a value (`yarn --network-timeout 600000`), so the value is not read as a subcommand. */
const YARN_VALUED: ValuedOptions = {
  long: [
    '--network-timeout',
    '--network-concurrency',
    '--cache-folder',
    '--modules-folder',
    '--global-folder',
    '--link-folder',
    '--registry',
    '--mutex',
    '--cwd',
    '--use-yarnrc',
    '--otp',
    '--proxy',
    '--https-proxy',
    '--mode',
  ],
  short: '',
};

/** `yarn` / `yarn install` with options only: a bare yarn installs from package.json and yarn.lock. */
function yarnInstall(argv: string[]): string | undefined {
  if (argv[0] !== 'yarn') return undefined;
  const sub = subcommand(argv, YARN_VALUED);
  if (!sub) return 'yarn install';
  return sub.name === 'install' && operands(argv, YARN_VALUED, sub.index + 1).length === 0
    ? 'yarn install'
    : undefined;
}

/** True when a command names no package of its own (`npm install` vs `npm install express`). */
const bare = (argv: string[], from = 2, valued: string[] = []): boolean =>
  !positionals(argv, from, valued).length;

const INSTALLERS: Installer[] = [
  {
    programs: ['npm'],
    ecosystem: 'node',
    manifests: 'package.json and package-lock.json',
    match: ([p, sub = '', ...rest]) =>
      p === 'npm' && (sub === 'ci' || (['install', 'i'].includes(sub) && bare(rest, 0, NPM_VALUE_OPTIONS)))
        ? `npm ${sub}`
        : undefined,
  },
  {
    programs: ['yarn'],
    ecosystem: 'node',
    manifests: 'package.json and yarn.lock',
    match: yarnInstall,
  },
  {
    programs: ['pnpm'],
    ecosystem: 'node',
    manifests: 'package.json and pnpm-lock.yaml',
    match: ([p, sub = '', ...rest]) =>
      p === 'pnpm' && (sub === 'fetch' || (['install', 'i'].includes(sub) && bare(rest, 0)))
        ? `pnpm ${sub}`
        : undefined,
  },
  {
    programs: ['uv'],
    ecosystem: 'python',
    manifests: 'pyproject.toml and uv.lock',
    match: (a) => exact(a, 'uv', 'sync'),
  },
  {
    programs: ['poetry'],
    ecosystem: 'python',
    manifests: 'pyproject.toml and poetry.lock',
    match: (a) => exact(a, 'poetry', 'install'),
  },
  {
    programs: ['pipenv'],
    ecosystem: 'python',
    manifests: 'Pipfile and Pipfile.lock',
    match: (a) => exact(a, 'pipenv', 'sync') ?? (bare(a) ? exact(a, 'pipenv', 'install') : undefined),
  },
  {
    programs: ['bundle'],
    ecosystem: 'ruby',
    manifests: 'Gemfile and Gemfile.lock',
    match: (a) => (a.length === 1 && a[0] === 'bundle' ? 'bundle' : exact(a, 'bundle', 'install')),
  },
  {
    programs: ['go'],
    ecosystem: 'go',
    manifests: 'go.mod and go.sum',
    match: (a) => (a[2] === 'download' && exact(a, 'go', 'mod') ? 'go mod download' : undefined),
  },
  {
    programs: ['composer'],
    ecosystem: 'php',
    manifests: 'composer.json and composer.lock',
    match: (a) => exact(a, 'composer', 'install'),
  },
  {
    programs: ['cargo'],
    ecosystem: 'rust',
    manifests: 'Cargo.toml and Cargo.lock',
    // cargo-chef's `cargo chef cook` builds the dependencies from the recipe before the source is copied.
    match: (a) =>
      exact(a, 'cargo', 'build') ??
      exact(a, 'cargo', 'fetch') ??
      (a[2] === 'cook' && exact(a, 'cargo', 'chef') ? 'cargo chef cook' : undefined),
  },
  {
    programs: ['mvn', 'mvnw'],
    ecosystem: 'maven',
    manifests: 'pom.xml',
    match: ([p, ...rest]) => {
      const goal = rest.find((a) => /^(dependency:(go-offline|resolve)|package|install|verify)$/.test(a));
      return (p === 'mvn' || p === 'mvnw') && goal ? `mvn ${goal}` : undefined;
    },
  },
  {
    programs: ['gradle', 'gradlew'],
    ecosystem: 'gradle',
    manifests: 'build.gradle(.kts), settings.gradle(.kts) and gradle/',
    match: (a) => ((a[0] === 'gradle' || a[0] === 'gradlew') && !bare(a, 1) ? a[0] : undefined),
  },
];

function exact(argv: string[], program: string, sub: string): string | undefined {
  return argv[0] === program && argv[1] === sub ? `${program} ${sub}` : undefined;
}

/** The installers each program may be, so a command is only matched against its own. */
const INSTALLERS_BY_PROGRAM = new Map<string, Installer[]>();
for (const installer of INSTALLERS) {
  for (const program of installer.programs) {
    INSTALLERS_BY_PROGRAM.set(program, [...(INSTALLERS_BY_PROGRAM.get(program) ?? []), installer]);
  }
}

/** `pip install -r requirements.txt` / `pip install .` (also `python -m pip`, `uv pip`). */
function pipInstall(argv: string[]): DependencyInstall | undefined {
  const at = argv.findIndex(
    (a, i) => /^pip[\d.]*$/.test(a) && (i === 0 || argv[i - 1] === '-m' || argv[i - 1] === 'uv'),
  );
  if (at === -1 || argv[at + 1] !== 'install') return undefined;
  const r = argv.findIndex((a) => a === '-r' || a === '--requirement' || a.startsWith('--requirement='));
  if (r !== -1) {
    const file = argv[r]?.startsWith('--requirement=')
      ? argv[r]?.slice('--requirement='.length)
      : argv[r + 1];
    return { ecosystem: 'python', label: 'pip install -r', manifests: file ?? 'requirements.txt' };
  }
  return positionals(argv, at + 2).some((p) => p === '.' || p === './')
    ? { ecosystem: 'python', label: 'pip install .', manifests: 'pyproject.toml (or setup.py)' }
    : undefined;
}

/** Classifies one command as a dependency install (`npm ci`, `pip install -r …`, `apt-get install …`). */
export function dependencyInstall(command: ShellCommand): DependencyInstall | undefined {
  const program = programName(command);
  const argv = program === command.argv[0] ? command.argv : [program, ...command.argv.slice(1)];
  for (const installer of INSTALLERS_BY_PROGRAM.get(program) ?? []) {
    const label = installer.match(argv);
    if (label) return { ecosystem: installer.ecosystem, label, manifests: installer.manifests };
  }
  const pip = pipInstall(argv);
  if (pip) return pip;
  // OS packages: movable above `COPY .` unless they come from the context (`./x.deb`, `$(cat list)`).
  const packages = installedPackages(command);
  if (packages?.length && packages.every((p) => !/[/$`]|\.(deb|rpm|apk)$/.test(p)))
    return {
      ecosystem: 'system',
      label: `${argv[0]} ${argv.find((a) => ['install', 'add', 'in'].includes(a))}`,
    };
  return undefined;
}
