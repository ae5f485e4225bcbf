/**
 * The variable scope of a Dockerfile: what ARG and ENV set (parsed once per instruction), how `$VAR`
 * is expanded, the platform ARGs the builder defines itself, and the global ARG defaults FROM reads.
 * As in Docker, a stage sees global ARGs only when it declares them again, and inherits its parent
 * stage's ENV but not its ARGs.
 */
import type { Assignment, DockerfileModel, InstructionInfo, RunCommands, Stage } from './model.js';
import { instructionsBefore } from './stages.js';

/** ARGs the builder defines for every build (usable in FROM, and in a stage once declared). */
export const PLATFORM_ARGS: readonly string[] = [
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETARCH',
  'TARGETVARIANT',
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDARCH',
  'BUILDVARIANT',
];

/** The shared answer for instructions that assign nothing (never added to). */
const NOTHING: readonly Assignment[] = [];

/**
 * What an ARG or ENV sets: `ENV A=1 B="x y"`, the legacy `ENV A some value`, `ARG A B=2`. Quotes and
 * backslash escapes are removed as Docker does; `$VAR` stays for the scope to expand. [] for other
 * instructions.
 */
export function assignments(model: DockerfileModel, instruction: InstructionInfo): readonly Assignment[] {
  const { keyword } = instruction;
  if (keyword !== 'ENV' && keyword !== 'ARG') return NOTHING;
  const memo = (model.facts.assignments ??= new Map());
  let found = memo.get(instruction);
  if (!found) {
    found = parseAssignments(keyword, instruction.args);
    memo.set(instruction, found);
  }
  return found;
}

/**
 * The `key=value` pairs of a LABEL (or the legacy `LABEL key value`), read as ENV's are. Keys are not
 * variables, so `assignments` leaves LABEL out; keys keep the quotes they were written with.
 */
export function labelPairs(instruction: InstructionInfo): Assignment[] {
  return instruction.keyword === 'LABEL' ? parseAssignments('LABEL', instruction.args) : [];
}

function parseAssignments(keyword: string, args: string): Assignment[] {
  const words = assignmentWords(args);
  const first = words[0];
  if (first === undefined) return [];
  if (keyword !== 'ARG' && !first.raw.includes('=')) {
    return [
      {
        name: first.text,
        value: words
          .slice(1)
          .map((w) => w.text)
          .join(' '),
      },
    ];
  }
  return words.map(({ raw, text }) => {
    // The name ends at the first `=` written outside quotes; the text has the quotes removed.
    const at = raw.indexOf('=');
    if (at === -1) return { name: text };
    const name = raw.slice(0, at);
    // A quoted name (`"c d"="e f"`, common in LABEL) lost its quotes in the text.
    const bare = name.replace(/^(["'])(.*)\1$/, '$2');
    return { name, value: text.slice(bare.length + 1) };
  });
}

/** Blank-separated words, each as written and with quotes and escapes removed. */
function assignmentWords(text: string): { raw: string; text: string }[] {
  const words: { raw: string; text: string }[] = [];
  let start = -1;
  let value = '';
  let quote = '';
  for (let i = 0; i <= text.length; i += 1) {
    const c = text[i];
    const end = c === undefined || (!quote && (c === ' ' || c === '\t' || c === '\n' || c === '\r'));
    if (end) {
      if (start !== -1) words.push({ raw: text.slice(start, i), text: value });
      start = -1;
      value = '';
      continue;
    }
    if (start === -1) start = i;
    if (c === '\\' && quote !== "'" && i + 1 < text.length) {
      value += text[(i += 1)];
    } else if (quote ? c === quote : c === '"' || c === "'") {
      quote = quote ? '' : (c as string);
    } else {
      value += c;
    }
  }
  return words;
}

/**
 * Expands `$X`, `${X}`, `${X:-default}`, `${X:+alternative}` (and the forms without a colon) with
 * `lookup`; variables it does not know stay as written.
 */
export function expandVariables(text: string, lookup: (name: string) => string | undefined): string {
  if (!text.includes('$')) return text;
  return text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (
      whole,
      braced: string | undefined,
      operator: string | undefined,
      word: string | undefined,
      bare?: string,
    ) => {
      const value = lookup(braced ?? bare ?? '');
      if (operator?.endsWith('-')) return value ? value : (word ?? '');
      if (operator?.endsWith('+')) return value ? (word ?? '') : '';
      return value ?? whole;
    },
  );
}

/** Defaults of the ARGs declared before the first FROM (what FROM lines expand with). */
export function globalArgDefaults(model: DockerfileModel): ReadonlyMap<string, string> {
  if (model.facts.globalDefaults) return model.facts.globalDefaults;
  const defaults = new Map<string, string>();
  for (const arg of model.globalArgs) {
    for (const { name, value } of assignments(model, arg)) if (value !== undefined) defaults.set(name, value);
  }
  // Global ARGs end at the first FROM; FROM lines ask while the model is being parsed, once that
  // FROM is listed, so the answer is final from then on.
  if (model.instructions.some((i) => i.keyword === 'FROM')) model.facts.globalDefaults = defaults;
  return defaults;
}

/** The values of the platform ARGs for `platform` (`linux/arm64/v8`); the build host's stay unknown. */
export function platformArgValues(platform: string | undefined): ReadonlyMap<string, string> {
  const values = new Map<string, string>();
  if (!platform) return values;
  const [os = '', arch = '', variant = ''] = platform.split('/');
  values.set('TARGETPLATFORM', platform);
  values.set('TARGETOS', os);
  values.set('TARGETARCH', arch);
  values.set('TARGETVARIANT', variant);
  return values;
}

/** What the build is given: `--build-arg` values and the target platform. */
export interface ScopeOptions {
  buildArgs?: Readonly<Record<string, string>>;
  platform?: string;
}

/**
 * For each instruction of `chain` (a stage and the stages it is built FROM, oldest first), the
 * variables in effect when it runs: ARGs of its stage (build args over defaults, global defaults for a
 * re-declared global ARG, platform values for a platform ARG) and ENV set so far along the chain.
 * Values are expanded as the builder expands them; variables of the base image stay unknown.
 */
export function variableScopes(
  model: DockerfileModel,
  chain: readonly Stage[],
  options: ScopeOptions = {},
): ReadonlyMap<string, string>[] {
  const buildArgs = options.buildArgs ?? {};
  const platform = platformArgValues(options.platform);
  const globals = new Map<string, string>();
  for (const arg of model.globalArgs) {
    for (const { name, value } of assignments(model, arg)) {
      const given = buildArgs[name] ?? value;
      if (given !== undefined) globals.set(name, given);
    }
  }
  const scopes: ReadonlyMap<string, string>[] = [];
  let env = new Map<string, string>();
  for (const stage of chain) {
    env = stage.parent === undefined ? new Map() : new Map(env);
    const args = new Map<string, string>();
    for (const info of stage.instructions) {
      const vars = new Map([...args, ...env]);
      const expand = (text: string): string => expandVariables(text, (name) => vars.get(name));
      scopes.push(vars);
      for (const { name, value } of assignments(model, info)) {
        if (info.keyword === 'ENV') {
          env.set(name, expand(value ?? ''));
          continue;
        }
        const given =
          buildArgs[name] ??
          (value === undefined ? (globals.get(name) ?? platform.get(name)) : expand(value));
        if (given !== undefined) args.set(name, given);
      }
    }
  }
  return scopes;
}

/**
 * True when environment variable `name` is set for `run.commands[index]`: inline (`NAME=1 pip …`,
 * `env NAME=1 …`), by an earlier `export NAME=…` in the same RUN, or by ENV / ARG with a default
 * earlier in the stage or the stages it is built FROM.
 */
export function envIsSet(model: DockerfileModel, run: RunCommands, index: number, name: string): boolean {
  if (run.commands[index]?.env[name] !== undefined) return true;
  if (exportedBefore(run, index, name)) return true;
  return instructionsBefore(model, run.instruction).some(
    (i) =>
      (i.keyword === 'ENV' || i.keyword === 'ARG') &&
      assignments(model, i).some((a) => a.name === name && (i.keyword === 'ENV' || a.value !== undefined)),
  );
}

/** True when a command before `index` in the RUN runs `export NAME=…`. */
export function exportedBefore(run: RunCommands, index: number, name: string): boolean {
  for (let i = 0; i < index; i += 1) {
    const command = run.commands[i];
    if (command?.argv[0] === 'export' && command.argv.some((a) => a.startsWith(`${name}=`))) return true;
  }
  return false;
}
