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
