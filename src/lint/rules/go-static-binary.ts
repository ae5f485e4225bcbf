import { posix } from 'node:path';
import picomatch from 'picomatch';
import type { DockerfileModel, FromInfo, InstructionInfo, Stage } from '../../dockerfile/model.js';
import { programName } from '../../dockerfile/shell.js';
import { baseImage, copySourceStage, stageChain } from '../../dockerfile/stages.js';
import { assignments, expandVariables, globalArgDefaults } from '../../dockerfile/variables.js';
import { cdTarget, changeDirectory, workdirAt } from '../../dockerfile/workdir.js';
import type { Rule } from '../types.js';
import { copySources } from './support/copy-paths.js';

/** A `go build` whose binary is dynamically linked: against glibc, or against musl with cgo forced on. */
interface DynamicBuild {
  run: InstructionInfo;
  libc: 'glibc' | 'musl';
  /** `-o` as written, if given. */
  output?: string;
  /** Working directory of the command, if known. */
  cwd?: string;
}

/** A cgo-enabled Go binary copied into scratch, alpine or distroless static, where it cannot start. */
export const goStaticBinary: Rule<'dynamicBinary'> = {
  meta: {
    id: 'go-static-binary',
    severity: 'error',
    category: 'correctness',
    aliases: [],
    description:
      'A Go binary built with cgo enabled (dynamically linked) is copied into scratch, alpine or distroless static.',
    messages: {
      dynamicBinary:
        'This COPY takes the Go binary built on line {{line}} into {{image}}, but {{cause}} {{missing}}: the container fails with "exec …: no such file or directory". Fix: build with `CGO_ENABLED=0 go build …` (or `ENV CGO_ENABLED=0` in the build stage).',
    },
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      const runtime = runtimeLibc(baseImage(model, stage));
      if (!runtime) continue;
      for (const copy of stage.instructions) {
        const from = copySourceStage(model, copy);
        const sources = copySources(copy);
        if (copy.keyword !== 'COPY' || !from || !sources) continue;
        const build = dynamicBuilds(model, from).find(
          (b) => (b.libc === 'glibc' || runtime === 'none') && sources.some((s) => copiesOutput(s, b)),
        );
        if (!build) continue;
        const image = baseImage(model, stage).image;
        const missing =
          runtime === 'musl'
            ? `glibc, which ${image} lacks (it has musl)`
            : `a C library, which ${image} lacks`;
        const cause =
          build.libc === 'glibc'
            ? 'cgo is on (the golang image has gcc, so CGO_ENABLED defaults to 1): a program using `net`, `os/user` or C code then needs'
            : 'CGO_ENABLED=1 links it dynamically against musl, so it needs';
        report(copy, 'dynamicBinary', { line: build.run.range.start.line + 1, image, cause, missing });
      }
    }
  },
};

/** What C library a runtime base offers: none (scratch, distroless static), musl (alpine), or unknown. */
function runtimeLibc(from: FromInfo): 'none' | 'musl' | undefined {
  if (from.hasVariable) return undefined;
  if (from.name === 'scratch' || /^(distroless\/static|chainguard\/static)/.test(from.name)) return 'none';
  return from.name === 'alpine' || from.tag?.includes('alpine') ? 'musl' : undefined;
}

/** The `go build`s of a stage (and the stages it is built FROM) that produce dynamically linked binaries. */
function dynamicBuilds(model: DockerfileModel, stage: Stage): DynamicBuild[] {
  // Asked once per COPY --from of the stage: work it out once.
  let builds = DYNAMIC_BUILDS.get(stage);
  if (!builds) DYNAMIC_BUILDS.set(stage, (builds = findDynamicBuilds(model, stage)));
  return builds;
}

const DYNAMIC_BUILDS = new WeakMap<Stage, DynamicBuild[]>();

function findDynamicBuilds(model: DockerfileModel, stage: Stage): DynamicBuild[] {
  const base = baseImage(model, stage);
  if (base.name !== 'golang' || base.hasVariable || /windows|nanoserver/.test(base.tag ?? '')) return [];
  const libc = base.tag?.includes('alpine') ? 'musl' : 'glibc';
  let cgo: string | undefined;
  const builds: DynamicBuild[] = [];
  const instructions = [...stageChain(model, stage)].reverse().flatMap((s) => s.instructions);
  const verified = staticallyVerified(instructions);
  // ARG/ENV values so far, for `-ldflags "$LDFLAGS"` and GOFLAGS.
  const vars = new Map<string, string>();
  for (const instruction of instructions) {
    for (const { name, value } of assignments(model, instruction)) {
      if (name === 'CGO_ENABLED') cgo = value ?? globalArgDefaults(model).get(name) ?? '?';
      const known = value ?? globalArgDefaults(model).get(name);
      if (known !== undefined) vars.set(name, known);
    }
    // `export` and `cd` last until the end of the RUN; `/go` is the golang image's WORKDIR.
    const local = {
      cgo,
      cwd: instruction.commands.length > 0 ? workdirAt(model, instruction, '/go') : undefined,
    };
    for (const command of instruction.commands) {
      const program = programName(command);
      const sub = command.argv[1];
      const setting =
        command.env.CGO_ENABLED ??
        command.argv.find((a) => a.startsWith('CGO_ENABLED='))?.slice('CGO_ENABLED='.length);
      if (command.argv.length === 0 || program === 'export') local.cgo = setting ?? local.cgo;
      const to = cdTarget(command);
      if (to !== undefined) local.cwd = changeDirectory(local.cwd, to);
      if (program === 'go' && sub === 'env' && command.argv[2] === '-w' && setting !== undefined)
        cgo = local.cgo = setting;
      if ((program !== 'go' && program !== 'xx-go') || sub !== 'build') continue;
      const args = command.argv.slice(2);
      const lookup = (name: string): string | undefined => command.env[name] ?? vars.get(name);
      const flags = expandVariables(`${args.join(' ')} ${lookup('GOFLAGS') ?? ''}`, lookup);
      if (staticFlags(flags)) continue;
      const value = command.env.CGO_ENABLED ?? local.cgo;
      if (value === '1' || (value === undefined && libc === 'glibc')) {
        const o = args.findIndex((a) => a === '-o' || a.startsWith('-o='));
        const output = args[o]?.startsWith('-o=') ? args[o]?.slice(3) : o === -1 ? undefined : args[o + 1];
        if (output !== undefined && verified.some((path) => sameFile(path, output, local.cwd))) continue;
        builds.push({ run: instruction, libc, output, cwd: local.cwd });
      }
    }
  }
  return builds;
}

/** Paths `xx-verify --static` checks: the build fails unless they are static binaries. */
function staticallyVerified(instructions: InstructionInfo[]): string[] {
  return instructions.flatMap((i) =>
    i.commands
      .filter((c) => programName(c) === 'xx-verify' && c.argv.includes('--static'))
      .flatMap((c) => c.argv.slice(1).filter((a) => !a.startsWith('-'))),
  );
}

/** True when two written paths name the same file (relative ones resolved against `cwd` when known). */
function sameFile(a: string, b: string, cwd: string | undefined): boolean {
  const abs = (p: string): string => (p.startsWith('/') || !cwd ? p : posix.join(cwd, p));
  return trimSlash(posix.normalize(abs(a))) === trimSlash(posix.normalize(abs(b)));
}

/**
 * `-extldflags "-static"` (also `-extldflags=-static`, `-linkmode external -extldflags -static`, in
 * `-ldflags`, a variable or GOFLAGS) or the pure-Go `netgo` tag: linked statically whatever cgo says.
 */
function staticFlags(args: string): boolean {
  return /extldflags[\s=]*["']?\s*-static/.test(args) || /-tags[\s=]+\S*netgo/.test(args);
}

function trimSlash(path: string): string {
  return path.replace(/(.)\/+$/, '$1');
}

/** True when a COPY source takes the build's output (the file, a directory above it, or a glob over it). */
function copiesOutput(source: string, build: DynamicBuild): boolean {
  if (source.includes('$')) return false;
  const src = trimSlash(posix.normalize(`/${source}`));
  const covers = (path: string): boolean =>
    src === path ||
    path.startsWith(src === '/' ? '/' : `${src}/`) ||
    (/[*?[]/.test(src) && picomatch.isMatch(path, src));
  if (build.output === undefined) {
    // No -o: the binary lands in the working directory under the package's name.
    return build.cwd !== undefined && (covers(build.cwd) || posix.dirname(src) === build.cwd);
  }
  const absolute = build.output.startsWith('/')
    ? build.output
    : build.cwd && posix.join(build.cwd, build.output);
  if (!absolute) return posix.basename(src) === posix.basename(build.output);
  const out = trimSlash(posix.normalize(absolute));
  return covers(out) || (build.output.endsWith('/') && src.startsWith(`${out}/`));
}
