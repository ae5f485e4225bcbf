/**
 * What the built image is for, as far as the Dockerfile shows it: what its container runs (ENTRYPOINT
 * and CMD), and whether its purpose is the toolchain itself (a builder, CI or SDK image, a
 * devcontainer) rather than an application. The base-image rules stay silent on toolchain images: a
 * compiler there is the product, not a leftover.
 */
import type { DockerfileModel, InstructionInfo, Stage } from '../../../dockerfile/model.js';
import { splitShell } from '../../../dockerfile/shell.js';
import { stageChain } from '../../../dockerfile/stages.js';
import { copyArgs, isRemoteSource } from './copy-paths.js';

/** The command the container runs: the program (basename, lower-case) and its arguments. */
export interface ContainerCommand {
  program: string;
  /** Arguments after the program. */
  args: string[];
  /** The ENTRYPOINT or CMD instruction the program comes from. */
  instruction: InstructionInfo;
}

const WRAPPERS = new Set(['tini', 'tini-static', 'dumb-init', 'env', 'exec', 'catatonit', '--']);
/** Wrappers whose first operand is a user, not the program. */
const USER_WRAPPERS = new Set(['gosu', 'su-exec', 'setpriv']);
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);

const basename = (path: string): string => (path.split('/').pop() ?? path).toLowerCase();

/** An ENTRYPOINT or CMD as argv: the JSON array, or the shell form's words. */
function argvOf(instruction: InstructionInfo): string[] {
  if (instruction.jsonForm) return instruction.json ?? [];
  return ['/bin/sh', '-c', instruction.args];
}

/**
 * What the container of `stage` runs: the last ENTRYPOINT and CMD of its stage chain, wrappers (tini,
 * gosu, `*entrypoint*.sh` scripts, `sh -c`) skipped. Undefined when there is none (the base image's
 * own command applies, which the Dockerfile does not show) or it cannot be read; `program` is `sh`
 * for a bare shell.
 */
export function containerCommand(model: DockerfileModel, stage: Stage): ContainerCommand | undefined {
  let entry: InstructionInfo | undefined;
  let cmd: InstructionInfo | undefined;
  for (const s of [...stageChain(model, stage)].reverse()) {
    for (const i of s.instructions) {
      if (i.keyword === 'ENTRYPOINT') {
        entry = i;
        cmd = undefined; // ENTRYPOINT resets an earlier CMD
      } else if (i.keyword === 'CMD') cmd = i;
    }
  }
  const parts: [InstructionInfo, string[]][] = [];
  if (entry) parts.push([entry, argvOf(entry)]);
  if (cmd && (!entry || entry.jsonForm)) parts.push([cmd, argvOf(cmd)]);
  const words = parts.flatMap(([instruction, argv]) => argv.map((word) => ({ word, instruction })));
  let at = 0;
  for (let depth = 0; at < words.length && depth < 8; depth += 1) {
    const word = words[at]?.word ?? '';
    const name = basename(word);
    const option = at > 0 && (word.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(word));
    if (WRAPPERS.has(name) || /entrypoint/.test(name) || option) {
      at += 1;
    } else if (USER_WRAPPERS.has(name)) {
      at += 2;
    } else if (SHELLS.has(name)) {
      const script = words[at + 1]?.word === '-c' ? words[at + 2] : undefined;
      if (!script) return { program: 'sh', args: [], instruction: words[at]?.instruction as InstructionInfo };
      const [first] = splitShell(script.word.replace(/^\s*exec\s+/, ''));
      if (!first || first.argv.length === 0) {
        return { program: 'sh', args: [], instruction: script.instruction };
      }
      const [program = '', ...args] = first.argv;
      return { program: basename(program), args, instruction: script.instruction };
    } else break;
  }
  const found = words[at];
  if (!found) return undefined;
  return {
    program: basename(found.word),
    args: words.slice(at + 1).map((w) => w.word),
    instruction: found.instruction,
  };
}

/** Compilers and build tools: a container that runs one of these is a build environment. */
const TOOLCHAIN_PROGRAMS = new Set(
  'mvn mvnw gradle gradlew ant gcc g++ cc c++ clang clang++ make cmake ninja meson bazel bazelisk rustc javac jshell msbuild sdkmanager'.split(
    ' ',
  ),
);

/** True when the container command is a compiler or build tool (`mvn`, `gcc`, `go build`, `dotnet` without an app). */
export function isToolchainCommand(command: ContainerCommand): boolean {
  const { program, args } = command;
  if (TOOLCHAIN_PROGRAMS.has(program.replace(/\.(sh|bat|cmd)$/, ''))) return true;
  const sub = args.find((a) => !a.startsWith('-'));
  // `go run`, `cargo run`, `dotnet run` and `dotnet app.dll` run an application.
  if (program === 'go' || program === 'cargo') return sub !== 'run';
  if (program === 'dotnet') return sub !== 'run' && sub !== 'watch' && !args.some((a) => /\.dll$/i.test(a));
  return false;
}

/** Words of a file or folder name that mark a build environment (`ci` only as a whole word). */
const TOOLCHAIN_NAME = /builder|build[-_]?env|sdk|toolchain|devcontainer/;
const TOOLCHAIN_WORD = new Set(['ci']);

/** The file-name signal: `builder.Dockerfile`, `Dockerfile.ci`, `sdk/Dockerfile`. */
function toolchainFileName(file: string): boolean {
  const parts = file.toLowerCase().split('/');
  const base = parts.pop() ?? '';
  // A plain `Dockerfile` is named by its folder (`ci/Dockerfile`, `toolchain/Dockerfile`).
  const name = /^dockerfile$/.test(base)
    ? (parts.pop() ?? '')
    : base.replace(/(^|[.])dockerfile([.]|$)/, '$1$2');
  const words = name.split(/[^a-z0-9]+/).filter(Boolean);
  return TOOLCHAIN_NAME.test(name) || words.some((w) => TOOLCHAIN_WORD.has(w));
}

/** A devcontainer definition: never shipped, and its users want the full toolchain. */
export function isDevcontainer(model: DockerfileModel): boolean {
  return /(^|\/)\.devcontainer\//.test(model.file) || /(^|\/)devcontainer[^/]*$/i.test(model.file);
}

/** True when a shipped stage copies anything from the build context (an app's sources or artifacts). */
function copiesFromContext(model: DockerfileModel, stage: Stage): boolean {
  return stageChain(model, stage).some((s) =>
    s.instructions.some((i) => {
      if ((i.keyword !== 'COPY' && i.keyword !== 'ADD') || i.flags.has('from')) return false;
      if (i.heredocNodes.length > 0) return false;
      const args = copyArgs(i);
      return !args || args.sources.some((src) => !isRemoteSource(src));
    }),
  );
}

/** An app sign besides copied files: EXPOSE (a service), or an `onbuild` base that copies the app later. */
function servesOrBuildsOnTrigger(model: DockerfileModel, stage: Stage): boolean {
  const chain = stageChain(model, stage);
  const root = chain[chain.length - 1] ?? stage;
  if (/onbuild/i.test(root.from.tag ?? '')) return true;
  return chain.some((s) => s.instructions.some((i) => i.keyword === 'EXPOSE' || i.keyword === 'ONBUILD'));
}

/**
 * Why the image built from `stage` is a build environment, or undefined when nothing says so. The
 * signals, strongest first:
 * - a devcontainer (`.devcontainer/` path or a `devcontainer*` file name);
 * - the container runs a compiler or build tool (`ENTRYPOINT ["mvn"]`, `CMD ["make"]`, `go`, `dotnet`
 *   without an app dll);
 * - unless the container runs something else (an app): a file or folder name with builder,
 *   build-env, sdk, toolchain or the word ci;
 * - unless the container runs an app: nothing is copied from the build context, nothing is
 *   exposed, no ONBUILD or `onbuild` base, and the container runs at most a shell (an environment
 *   with tools, no app in it).
 */
export function toolchainPurpose(model: DockerfileModel, stage: Stage): string | undefined {
  if (isDevcontainer(model)) return 'devcontainer';
  const command = containerCommand(model, stage);
  if (command && isToolchainCommand(command)) return `runs ${command.program}`;
  if (command && command.program !== 'sh') return undefined;
  if (toolchainFileName(model.file)) return 'file name';
  if (!copiesFromContext(model, stage) && !servesOrBuildsOnTrigger(model, stage)) return 'no app';
  return undefined;
}
