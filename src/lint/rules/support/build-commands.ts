/**
 * Which commands compile or build (`go build`, `mvn package`, `npm run build`, `make`), for the rule
 * about build tools left in the shipped image.
 */
import type { DockerfileModel, InstructionInfo, Stage } from '../../../dockerfile/model.js';
import { programName, type ShellCommand } from '../../../dockerfile/shell.js';
import { stageChain } from '../../../dockerfile/stages.js';
import { positionals } from './argv.js';
import type { Language } from './base-images.js';

/** What a compile/build command builds: the tool family (for the advice) and a short label. */
export interface BuildCommand {
  family: 'go' | 'java' | 'rust' | 'c' | 'node' | 'dotnet';
  label: string;
}

const GRADLE_BUILD_TASK =
  /^(?::?[\w-]+:)*(build|assemble|bootJar|bootWar|jar|war|shadowJar|installDist|classes)$/;

/** Options that make a tool print its version or usage and exit: a smoke test, not a build. */
const INFO_OPTIONS = new Set(['--version', '-version', '--help', '-help', '-h', '-v', '-V']);

/**
 * True for `javac --version`, `gcc -v`, `make --help`, `mvn -version`: an install check that compiles
 * nothing. `-v` counts only as the sole argument (`go build -v` is a verbose build).
 */
export function isInfoCommand(command: ShellCommand): boolean {
  const args = command.argv.slice(1);
  if (args.length === 1 && INFO_OPTIONS.has(args[0] as string)) return true;
  return args.some((a) => a === '--version' || a === '-version' || a === '--help' || a === '-help');
}

/**
 * Classifies one command as compiling or building (`go build`, `mvn package`, `npm run build`, `make`).
 * Version and help runs (`javac --version`) are not builds.
 */
export function buildCommand(command: ShellCommand): BuildCommand | undefined {
  if (isInfoCommand(command)) return undefined;
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

/** A RUN of the shipped image that builds, with what it runs. */
export interface FinalStageBuild {
  run: InstructionInfo;
  command: BuildCommand;
}

/**
 * The first RUN of `final` (and the stages it is built FROM, base-most first: all of it ships) that
 * builds, skipping RUNs that uninstall their toolchain in the same layer.
 */
export function finalStageBuild(model: DockerfileModel, final: Stage): FinalStageBuild | undefined {
  return firstBuild([...stageChain(model, final)].reverse().flatMap((s) => s.instructions));
}

/**
 * The language a stage builds in: the build command's, unless it is a generic `make`/`gcc` on a
 * language image (then the image's); the image's when nothing builds; C when neither says.
 */
export function stageLanguage(
  command: BuildCommand | undefined,
  imageLanguage: Language | undefined,
): Language {
  if (command && !(command.family === 'c' && imageLanguage)) return command.family;
  return imageLanguage ?? 'c';
}

/** The first RUN that builds, skipping RUNs that uninstall their toolchain in the same layer. */
function firstBuild(
  instructions: InstructionInfo[],
): { run: InstructionInfo; command: BuildCommand } | undefined {
  for (const run of instructions) {
    for (const candidate of run.commands) {
      const command = buildCommand(candidate);
      if (!command) continue;
      if (!run.commands.some(removesPackages)) return { run, command };
      break;
    }
  }
  return undefined;
}

/** `apk del`, `apt-get purge/remove`, `yum/dnf remove`: the pre-multi-stage "build and clean in one RUN". */
function removesPackages(command: ShellCommand): boolean {
  const name = programName(command);
  const verb = command.argv.slice(1).find((a) => !a.startsWith('-'));
  return (
    (name === 'apk' && verb === 'del') ||
    (['apt-get', 'apt', 'yum', 'dnf', 'microdnf'].includes(name) &&
      ['purge', 'remove', 'autoremove'].includes(verb ?? ''))
  );
}
