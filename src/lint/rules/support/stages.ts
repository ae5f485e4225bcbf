/**
 * Shared facts for the multi-stage and cache-order rules: which stage a stage is built FROM, what a
 * COPY takes, what a RUN really runs, and which commands install dependencies or compile.
 */
import type { DockerfileModel, FromInfo, InstructionInfo, Stage } from '../../model.js';
import { resolveStageRef } from '../../model.js';
import { programName, splitShell, type ShellCommand } from '../../shell.js';
import { copyArgs } from './layers.js';

/** The stage followed by the stages it is built `FROM`, nearest first (`FROM build AS final` → [final, build]). */
export function fromChain(model: DockerfileModel, stage: Stage): Stage[] {
  const chain = [stage];
  for (let s = stage; s.from.stageRef !== undefined && s.from.stageRef < s.index;) {
    const parent = model.stages[s.from.stageRef];
    if (!parent) break;
    chain.push(parent);
    s = parent;
  }
  return chain;
}

/** The external image a stage finally rests on, following `FROM <stage>` chains. */
export function baseImage(model: DockerfileModel, stage: Stage): FromInfo {
  const chain = fromChain(model, stage);
  return (chain[chain.length - 1] ?? stage).from;
}

/** The earlier stage a `COPY --from=…` copies from; undefined for images, build contexts and plain COPYs. */
export function copySourceStage(model: DockerfileModel, instruction: InstructionInfo): Stage | undefined {
  const ref = instruction.flags.get('from')?.[0];
  if (ref === undefined) return undefined;
  const index = resolveStageRef(model, ref, instruction.stage);
  return index === undefined ? undefined : model.stages[index];
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

/** The positional (non-option) words after `from`; options named in `withValue` swallow the next word. */
function positionals(argv: string[], from: number, withValue: string[] = []): string[] {
  const out: string[] = [];
  for (let i = from; i < argv.length; i += 1) {
    const word = argv[i] as string;
    if (withValue.includes(word)) i += 1;
    else if (!word.startsWith('-')) out.push(word);
  }
  return out;
}

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
    match: ([p, sub = 'install', ...rest]) =>
      p === 'yarn' && (sub === 'install' || sub.startsWith('-')) && bare(rest, 0)
        ? 'yarn install'
        : undefined,
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
    match: (a) => exact(a, 'cargo', 'build') ?? exact(a, 'cargo', 'fetch'),
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

/** The OS packages a command installs (`apt-get install`, `apk add`, `yum/dnf install`); undefined if none. */
export function installedPackages(command: ShellCommand): string[] | undefined {
  const program = programName(command);
  if (!PACKAGE_INSTALLERS.has(program)) return undefined;
  const [sub, ...packages] = positionals(command.argv, 1, PACKAGE_VALUE_OPTIONS);
  const install =
    (['apt-get', 'apt', 'aptitude', 'yum', 'dnf', 'microdnf', 'tdnf'].includes(program) &&
      sub === 'install') ||
    (program === 'apk' && sub === 'add') ||
    (program === 'zypper' && (sub === 'install' || sub === 'in'));
  return install ? packages.map((p) => p.split(/[=<>~]/)[0] ?? p) : undefined;
}

/** What a compile/build command builds: the tool family (for the advice) and a short label. */
export interface BuildCommand {
  family: 'go' | 'java' | 'rust' | 'c' | 'node' | 'dotnet';
  label: string;
}

const GRADLE_BUILD_TASK =
  /^(?::?[\w-]+:)*(build|assemble|bootJar|bootWar|jar|war|shadowJar|installDist|classes)$/;

/** Classifies one command as compiling or building (`go build`, `mvn package`, `npm run build`, `make`). */
export function buildCommand(command: ShellCommand): BuildCommand | undefined {
  const { argv } = command;
  const program = programName(command);
  const sub = argv[1] ?? '';
  if (program === 'go' && (sub === 'build' || sub === 'install')) return { family: 'go', label: `go ${sub}` };
  if (program === 'mvn' || program === 'mvnw') {
    const phase = argv.find((a) => /^(compile|package|install|verify|deploy)$/.test(a));
    return phase ? { family: 'java', label: `mvn ${phase}` } : undefined;
  }
  if (program === 'gradle' || program === 'gradlew') {
    const task = positionals(argv, 1).find((t) => GRADLE_BUILD_TASK.test(t));
    return task ? { family: 'java', label: `${program} ${task}` } : undefined;
  }
  if (program === 'javac') return { family: 'java', label: 'javac' };
  if (program === 'cargo' && (sub === 'build' || sub === 'install'))
    return { family: 'rust', label: `cargo ${sub}` };
  if (program === 'dotnet' && (sub === 'publish' || sub === 'build'))
    return { family: 'dotnet', label: `dotnet ${sub}` };
  if (['gcc', 'g++', 'cc', 'c++', 'clang', 'clang++', 'make'].includes(program))
    return { family: 'c', label: program };
  if (program === 'cmake' && argv.includes('--build')) return { family: 'c', label: 'cmake --build' };
  if (['npm', 'yarn', 'pnpm', 'bun'].includes(program)) {
    const script = ['run', 'run-script'].includes(sub) ? argv[2] : program === 'npm' ? undefined : sub;
    if (script && /^build\b/.test(script))
      return { family: 'node', label: `${program} ${sub === script ? '' : `${sub} `}${script}` };
  }
  return undefined;
}

/** `NAME=value` pairs an ENV or ARG sets (`ENV A=1 B=2`, legacy `ENV A 1`); an ARG without default maps to undefined. */
export function envAssignments(instruction: InstructionInfo): [string, string | undefined][] {
  if (instruction.keyword !== 'ENV' && instruction.keyword !== 'ARG') return [];
  const [first] = splitShell(instruction.args);
  if (!first) return [];
  const words = [...Object.entries(first.env).map(([k, v]) => `${k}=${v}`), ...first.argv];
  if (instruction.keyword === 'ENV' && words[0] && !words[0].includes('='))
    return [[words[0], words.slice(1).join(' ')]];
  return words.map((word) => {
    const at = word.indexOf('=');
    return at === -1 ? [word, undefined] : [word.slice(0, at), word.slice(at + 1)];
  });
}
