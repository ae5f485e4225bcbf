/**
 * Where the parts of a FROM are written (the `AS` keyword, the stage name, the `--platform` value),
 * and the variables a FROM uses: what the stage and FROM rules need beyond the model.
 */
import { argumentWords, type PlacedWord } from '../../../dockerfile/instruction-text.js';
import type { DockerfileModel, InstructionInfo, Range } from '../../../dockerfile/model.js';
import { assignments } from '../../../dockerfile/variables.js';

/** The `AS` keyword and the stage name of a FROM, as dockerfile-ast positions them; undefined without `AS`. */
export function fromAlias(
  model: DockerfileModel,
  from: InstructionInfo,
): { as: PlacedWord; name: PlacedWord } | undefined {
  const args = argumentWords(model, from);
  if (args.length < 3) return undefined;
  const as = args[args.length - 2] as PlacedWord;
  const name = args[args.length - 1] as PlacedWord;
  if (as.value.toLowerCase() !== 'as') return undefined;
  return { as, name };
}

/**
 * The stage (or image) references of an instruction's flags with the range of each: `--from=<ref>`,
 * and `from=<ref>` in a `--mount=` value written on one line.
 */
export function fromFlagValues(instruction: InstructionInfo): { value: string; range: Range }[] {
  const node = instruction.node as unknown as {
    getFlags?: () => { getName(): string; getValue(): string | null; getValueRange(): Range | null }[];
  };
  const found: { value: string; range: Range }[] = [];
  for (const flag of node.getFlags?.() ?? []) {
    const value = flag.getValue();
    const range = flag.getValueRange();
    if (value === null || range === null) continue;
    const name = flag.getName().toLowerCase();
    if (name === 'from') found.push({ value, range });
    if (name !== 'mount' || range.start.line !== range.end.line) continue;
    if (range.end.character - range.start.character !== value.length) continue;
    const match = /(^|,)from=([^,]+)/.exec(value);
    if (!match?.[2]) continue;
    const at = range.start.character + match.index + (match[1] ?? '').length + 'from='.length;
    found.push({
      value: match[2],
      range: {
        start: { line: range.start.line, character: at },
        end: { line: range.start.line, character: at + match[2].length },
      },
    });
  }
  return found;
}

/** One variable a text uses: its name and whether it carries its own fallback (`${X:-word}`, `${X+word}`). */
export interface VariableUse {
  name: string;
  withFallback: boolean;
}

/** The variables `$X`, `${X}`, `${X:-…}` … written in `text`, in order (a `$$` or escaped `\$` is skipped). */
export function variablesIn(text: string): VariableUse[] {
  const uses: VariableUse[] = [];
  const pattern = /\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-+?][^}]*)?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;
  for (const m of text.matchAll(pattern)) {
    if (m[0] === '\\$') continue;
    const name = m[1] ?? m[3];
    if (name) uses.push({ name, withFallback: m[2] !== undefined });
  }
  return uses;
}

/** The names the global ARGs (before the first FROM) declare, with or without a default. */
export function globalArgNames(model: DockerfileModel): Set<string> {
  const names = new Set<string>();
  for (const arg of model.globalArgs) for (const { name } of assignments(model, arg)) names.add(name);
  return names;
}

/** The image part of a FROM as written: its arguments without the `AS name`. */
export function writtenImage(from: InstructionInfo): string {
  return from.args.replace(/\s+as\s+\S+\s*$/i, '').trim();
}
