/**
 * One instruction read from the file's lines: keyword, flags, arguments, JSON form, heredocs, and for
 * RUN the simple commands it runs. Runs once per instruction of every linted file, so it reads the
 * text directly rather than dockerfile-ast's positioned argument objects, and shares empty lists.
 */
import type { Dockerfile, Heredoc, Instruction } from 'dockerfile-ast';
import { instructionText, joinContinuations, splitFlags } from './instruction-text.js';
import type { InstructionInfo, Range } from './model.js';
import { runCommands } from './run-commands.js';
import type { ShellCommand } from './shell.js';

/** The empty list every instruction without heredocs or commands shares (never added to). */
const NONE: never[] = [];

/** Instructions that take `--flag` options before their arguments. */
const FLAGGED = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'HEALTHCHECK']);

/** Every Dockerfile instruction keyword, upper-case; a word dockerfile-ast reads as a keyword but is none is not one. */
export const INSTRUCTION_KEYWORDS: ReadonlySet<string> = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
]);

/** Where an instruction is, and its keyword as written (dockerfile-ast's `getInstruction()`). */
export interface InstructionSource {
  range: Range;
  written: string;
}

/** The `index`-th instruction of a dockerfile-ast tree that is built only when first asked for. */
export class NodeInTree {
  constructor(
    readonly tree: () => Dockerfile,
    readonly index: number,
  ) {}

  find(): Instruction {
    return this.tree().getInstructions()[this.index] as Instruction;
  }
}

/**
 * An instruction's dockerfile-ast node, or where to find it once the tree is built (building it is
 * most of the cost of reading a file, and most files are linted without it).
 */
export type NodeLookup = Instruction | NodeInTree;

/** The model's instruction: what `describeInstruction` read, and the dockerfile-ast node on demand. */
class DescribedInstruction implements InstructionInfo {
  trigger?: InstructionInfo;
  #node: NodeLookup;

  constructor(
    readonly keyword: string,
    readonly written: string,
    readonly args: string,
    readonly flags: ReadonlyMap<string, string[]>,
    readonly range: Range,
    readonly json: string[] | undefined,
    readonly commands: ShellCommand[],
    readonly heredocs: string[],
    readonly heredocNodes: Heredoc[],
    readonly stage: number,
    node: NodeLookup,
  ) {
    this.#node = node;
  }

  get jsonForm(): boolean {
    return this.json !== undefined;
  }

  get node(): Instruction {
    const node = this.#node;
    if (!(node instanceof NodeInTree)) return node;
    return (this.#node = node.find());
  }
}

/** Reads one instruction of stage `stage` (-1 before the first FROM). */
export function describeInstruction(
  source: InstructionSource,
  node: NodeLookup,
  keyword: string,
  stage: number,
  lines: string[],
): InstructionInfo {
  const { range } = source;
  const text = instructionText(lines, range);
  const { flags, raw } = splitFlags(text.slice(afterKeyword(text)), FLAGGED.has(keyword));
  const args = joinContinuations(raw);
  const json = jsonArray(args);
  // dockerfile-ast's getHeredocs recomputes every argument with its position: skip it when no `<`
  // is written, as no argument can then start with `<<`.
  let lookup = node;
  let heredocNodes: Heredoc[] = NONE;
  let heredocs: string[] = NONE;
  if (text.includes('<')) {
    const found = node instanceof NodeInTree ? node.find() : node;
    lookup = found;
    heredocNodes = (found as Instruction & { getHeredocs?: () => Heredoc[] }).getHeredocs?.() ?? NONE;
    heredocs = heredocNodes
      .map((h) => h.getContentRange())
      .filter((r): r is Range => r !== null)
      .map((r) => lines.slice(r.start.line, r.end.line + 1).join('\n'));
  }
  const info = new DescribedInstruction(
    keyword,
    source.written,
    args,
    flags,
    range,
    json,
    keyword === 'RUN' ? runCommands(args, json, heredocs) : NONE,
    heredocs,
    heredocNodes,
    stage,
    lookup,
  );
  if (keyword === 'ONBUILD') {
    const trigger = (
      info.node as Instruction & { getTriggerInstruction?: () => Instruction | null }
    ).getTriggerInstruction?.();
    if (trigger) {
      const written = trigger.getInstruction();
      info.trigger = describeInstruction(
        { range: trigger.getRange(), written },
        trigger,
        written.toUpperCase(),
        stage,
        lines,
      );
    }
  }
  return info;
}

/** The parsed array of a JSON-form instruction (`["a", "b"]`); undefined for the shell form. */
function jsonArray(args: string): string[] | undefined {
  const trimmed = args.trim();
  if (!trimmed.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')
      ? (parsed as string[])
      : undefined;
  } catch {
    return undefined;
  }
}

/** Index just past the keyword (the first word) of an instruction's text. */
function afterKeyword(text: string): number {
  let i = 0;
  while (i < text.length && isBlank(text.charCodeAt(i))) i += 1;
  while (i < text.length && !isBlank(text.charCodeAt(i))) i += 1;
  return i;
}

/** Space, tab, and the line ends (the blanks a keyword can be followed by). */
function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}
