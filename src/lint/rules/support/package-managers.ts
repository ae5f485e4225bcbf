/**
 * Shared reading of package-manager commands for the package-hygiene rules (apt, apk, yum/dnf,
 * zypper, pip, npm, yarn): the commands a RUN really runs, option parsing, and whether a RUN cleans
 * or mounts over a cache directory. Everything here answers conservatively: when a command cannot be
 * read, it counts as "follows the practice" so the rules stay silent.
 */
import type { DockerfileModel, InstructionInfo, Stage } from '../../model.js';
import { programName, type ShellCommand } from '../../shell.js';

/** A RUN instruction with the simple commands it runs, in order. */
export interface RunCommands {
  instruction: InstructionInfo;
  commands: ShellCommand[];
}

/** Options that take a separate value (`-o X`, `--virtual X`), so they are not mistaken for operands. */
export interface ValuedOptions {
  /** Long options, with dashes: `--option`. */
  long: string[];
  /** Short option letters: `o` for `-o X` / `-oX`. */
  short: string;
}

const NO_VALUED_OPTIONS: ValuedOptions = { long: [], short: '' };

/**
 * The RUN instructions of the Dockerfile with their commands. With `shippedOnly`, only RUNs of the
 * stages the default build ships (the last stage and the stages it is built FROM): caches left in a
 * builder stage whose files are copied out never reach the image.
 */
export function runs(model: DockerfileModel, options: { shippedOnly?: boolean } = {}): RunCommands[] {
  // Most rules ask for these: work them out once per model. The arrays are shared, never mutated.
  let cached = RUNS.get(model);
  if (!cached) {
    const shipped = shippedStages(model);
    const all = model.instructions
      .filter((i) => i.keyword === 'RUN')
      .map((instruction) => ({ instruction, commands: instruction.commands }));
    cached = { all, shipped: all.filter((r) => shipped.has(r.instruction.stage)) };
    RUNS.set(model, cached);
  }
  return options.shippedOnly ? cached.shipped : cached.all;
}

const RUNS = new WeakMap<DockerfileModel, { all: RunCommands[]; shipped: RunCommands[] }>();

/** Indices of the stages the default build ships: the last stage and those it is built FROM. */
export function shippedStages(model: DockerfileModel): Set<number> {
  let shipped = SHIPPED.get(model);
  if (!shipped) {
    shipped = new Set(stageChain(model, model.stages.length - 1).map((s) => s.index));
    SHIPPED.set(model, shipped);
  }
  return shipped;
}

const SHIPPED = new WeakMap<DockerfileModel, Set<number>>();

/** A stage followed by the stages it is built FROM (`FROM build AS test` → test, build). */
function stageChain(model: DockerfileModel, index: number): Stage[] {
  const chain: Stage[] = [];
  for (let s = model.stages[index]; s && !chain.includes(s);) {
    chain.push(s);
    s = s.from.stageRef === undefined ? undefined : model.stages[s.from.stageRef];
  }
  return chain;
}

/** The subcommand (first operand after the program's options) and its index in argv. */
export function subcommand(
  argv: string[],
  valued: ValuedOptions = NO_VALUED_OPTIONS,
  start = 1,
): { name: string; index: number } | undefined {
  for (let i = start; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--')
      return argv[i + 1] === undefined ? undefined : { name: argv[i + 1] as string, index: i + 1 };
    if (arg.startsWith('--')) {
      if (!arg.includes('=') && valued.long.includes(arg)) i += 1;
    } else if (arg.startsWith('-') && arg.length > 1) {
      const letters = arg.slice(1);
      const at = [...letters].findIndex((l) => valued.short.includes(l));
      if (at === letters.length - 1) i += 1;
    } else {
      return { name: arg, index: i };
    }
  }
  return undefined;
}

/** Operands (non-option words) of argv from `start`, skipping the values of valued options. */
export function operands(argv: string[], valued: ValuedOptions = NO_VALUED_OPTIONS, start = 1): string[] {
  const found: string[] = [];
  for (let i = start; i < argv.length;) {
    const next = subcommand(argv, valued, i);
    if (!next) break;
    found.push(next.name);
    i = next.index + 1;
  }
  return found;
}

/** Short-option clusters of argv (`-yq` → `yq`), each cut where a valued letter starts its value. */
function shortClusters(argv: string[], valued: ValuedOptions): string[] {
  const clusters: string[] = [];
  for (const arg of argv.slice(1)) {
    if (arg === '--') break;
    if (!/^-[^-]/.test(arg)) continue;
    const letters = arg.slice(1);
    const at = [...letters].findIndex((l) => valued.short.includes(l));
    clusters.push(at === -1 ? letters : letters.slice(0, at + 1));
  }
  return clusters;
}

/** True when argv has one of the long options (`--yes`, `--yes=…`) or short letters (`-y`, `-qy`). */
export function hasOption(
  argv: string[],
  long: string[],
  short = '',
  valued: ValuedOptions = NO_VALUED_OPTIONS,
): boolean {
  const longHit = argv.slice(1).some((arg) => long.some((l) => arg === l || arg.startsWith(`${l}=`)));
  return longHit || shortClusters(argv, valued).some((c) => [...c].some((l) => short.includes(l)));
}

/** How many times a short option letter appears (`-qq`, `-q -q` → 2). */
export function countShort(
  argv: string[],
  letter: string,
  valued: ValuedOptions = NO_VALUED_OPTIONS,
): number {
  return shortClusters(argv, valued).reduce((n, c) => n + [...c].filter((l) => l === letter).length, 0);
}

/** Values given to an option: `--virtual X`, `--virtual=X`, `-t X`, `-tX`, `-Ut X`. */
export function optionValues(
  argv: string[],
  long: string,
  short: string,
  valued: ValuedOptions = NO_VALUED_OPTIONS,
): string[] {
  const values: string[] = [];
  for (let i = 1; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--') break;
    if (arg === long && i + 1 < argv.length) values.push(argv[(i += 1)] as string);
    else if (arg.startsWith(`${long}=`)) values.push(arg.slice(long.length + 1));
    else if (/^-[^-]/.test(arg)) {
      // In a cluster, the first valued letter takes the rest of the word, or else the next word.
      const at = [...arg.slice(1)].findIndex((l) => l === short || valued.short.includes(l));
      if (at === -1 || arg[at + 1] !== short) continue;
      const rest = arg.slice(at + 2);
      if (rest) values.push(rest);
      else if (i + 1 < argv.length) values.push(argv[(i += 1)] as string);
    }
  }
  return values;
}

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

/** Maps `~`, `$HOME`, `${HOME}` and `/home/<user>` to `/root` so home caches compare across users. */
function normaliseHome(path: string): string {
  return path.replace(/^(~|\$\{HOME\}|\$HOME|\/home\/[^/]+)(?=\/|$)/, '/root');
}

/** Strips trailing `/`, `/*`, `/**`, `/.` so `/var/cache/apk/*` names `/var/cache/apk`. */
function normaliseDir(path: string): string {
  return normaliseHome(path).replace(/(\/(\*|\*\*|\.)?)+$/, '') || '/';
}

/** True when `path` (as written in rm, find or a mount target) is one of `dirs` or contains it. */
export function coversDir(path: string, dirs: string[]): boolean {
  const p = normaliseDir(path);
  if (p.includes('$')) return true; // an unexpanded variable: cannot tell, assume it is the cache
  return dirs.some((d) => {
    const dir = normaliseDir(d);
    return p === dir || dir.startsWith(p === '/' ? '/' : `${p}/`);
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

/** Instructions before `instruction` in its stage and in the stages that stage is built FROM. */
export function instructionsBefore(model: DockerfileModel, instruction: InstructionInfo): InstructionInfo[] {
  // Several rules ask this for every RUN: keep each answer (shared, never mutated).
  let before = BEFORE.get(instruction);
  if (!before) {
    before = stageChain(model, instruction.stage)
      .reverse()
      .flatMap((s) => {
        const own = s.instructions.indexOf(instruction);
        return own === -1 ? s.instructions : s.instructions.slice(0, own);
      });
    BEFORE.set(instruction, before);
  }
  return before;
}

const BEFORE = new WeakMap<InstructionInfo, InstructionInfo[]>();

/**
 * True when environment variable `name` is set for `commands[index]`: inline (`NAME=1 pip …`,
 * `env NAME=1 …`), by an earlier `export NAME=…` in the same RUN, or by ENV / ARG with a default
 * earlier in the stage or the stages it is built FROM.
 */
export function envIsSet(model: DockerfileModel, run: RunCommands, index: number, name: string): boolean {
  if (run.commands[index]?.env[name] !== undefined) return true;
  const exported = run.commands
    .slice(0, index)
    .some((c) => c.argv[0] === 'export' && c.argv.some((a) => a.startsWith(`${name}=`)));
  if (exported) return true;
  const env = new RegExp(`(^|\\s)${name}(=|\\s|$)`);
  return instructionsBefore(model, run.instruction).some(
    (i) =>
      (i.keyword === 'ENV' && env.test(i.args)) ||
      (i.keyword === 'ARG' && i.args.trim().startsWith(`${name}=`)),
  );
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

/** RPM-family subcommands that download repository metadata (and packages) into the cache. */
export const RPM_FILLING_SUBCOMMANDS: ReadonlySet<string> = new Set([
  'install',
  'in',
  'groupinstall',
  'localinstall',
  'reinstall',
  'update',
  'upgrade',
  'makecache',
]);
