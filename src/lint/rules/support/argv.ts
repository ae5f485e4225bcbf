/**
 * Reading a command's options and operands the way getopt-style programs do: which words are options,
 * which option letters take a value, the subcommand, and the operands. Shared by every rule that looks
 * at a command's arguments.
 */

/** Options that take a separate value (`-o X`, `--virtual X`), so they are not mistaken for operands. */
export interface ValuedOptions {
  /** Long options, with dashes: `--option`. */
  long: string[];
  /** Short option letters: `o` for `-o X` / `-oX`. */
  short: string;
}

/** No option takes a value: the default for programs without a table. */
export const NO_VALUED_OPTIONS: ValuedOptions = { long: [], short: '' };

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
  // Runs for every command of every RUN under many rules: no copies of argv, no word split.
  for (let i = 1; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    for (const l of long) {
      if (arg === l || (arg.charCodeAt(l.length) === EQUALS && arg.startsWith(l))) return true;
    }
  }
  if (short === '') return false;
  for (let i = 1; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--') break;
    if (arg.length < 2 || arg.charCodeAt(0) !== DASH || arg.charCodeAt(1) === DASH) continue;
    if (clusterHas(arg, short, valued.short)) return true;
  }
  return false;
}

const DASH = 45;
const EQUALS = 61;

/** True when the short-option cluster `arg` (`-qy`) has one of `short`'s letters before a valued letter's value. */
function clusterHas(arg: string, short: string, valuedShort: string): boolean {
  for (let k = 1; k < arg.length; k += 1) {
    const code = arg.charCodeAt(k);
    // Letters beyond ASCII are read by code point, as shortClusters does.
    if (code > 127)
      return [...(shortClusters(['', arg], { long: [], short: valuedShort })[0] ?? '')].some((l) =>
        short.includes(l),
      );
    const letter = arg[k] as string;
    if (short.includes(letter)) return true;
    if (valuedShort.includes(letter)) return false;
  }
  return false;
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

/** The positional (non-option) words after `from`; options named in `withValue` swallow the next word. */
export function positionals(argv: string[], from: number, withValue: string[] = []): string[] {
  const out: string[] = [];
  for (let i = from; i < argv.length; i += 1) {
    const word = argv[i] as string;
    if (withValue.includes(word)) i += 1;
    else if (!word.startsWith('-')) out.push(word);
  }
  return out;
}
