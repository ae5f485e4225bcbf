/**
 * Which commands compile or build (`go build`, `mvn package`, `npm run build`, `make`), for the rule
 * about build tools left in the shipped image.
 */
import { programName, type ShellCommand } from '../../../dockerfile/shell.js';
import { positionals } from './argv.js';

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
