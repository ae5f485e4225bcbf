/**
 * One instruction read from the file's lines: keyword, flags, arguments, JSON form, heredocs, and for
 * RUN the simple commands it runs. Runs once per instruction of every linted file, so it reads the
 * text directly rather than dockerfile-ast's positioned argument objects, and shares empty lists.
 */
import type { Heredoc, Instruction } from 'dockerfile-ast';
import { instructionText, joinContinuations, splitFlags } from './instruction-text.js';
import type { InstructionInfo, Range } from './model.js';
import { runCommands } from './run-commands.js';

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

/**
 * Where an instruction is, its keyword as written, and its dockerfile-ast node, looked up only when
 * something asks for it (building dockerfile-ast's tree is most of the cost of reading a file).
 */
export interface InstructionSource {
  range: Range;
  written: string;
  node: () => Instruction;
}

/** The source of an instruction dockerfile-ast has already read. */
export function nodeSource(node: Instruction): InstructionSource {
  return { range: node.getRange(), written: node.getInstruction(), node: () => node };
}

/** Reads one instruction of stage `stage` (-1 before the first FROM). */
export function describeInstruction(
  source: InstructionSource,
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
  const heredocNodes = text.includes('<')
    ? ((source.node() as Instruction & { getHeredocs?: () => Heredoc[] }).getHeredocs?.() ?? NONE)
    : NONE;
  const heredocs =
    heredocNodes.length === 0
      ? NONE
      : heredocNodes
          .map((h) => h.getContentRange())
          .filter((r): r is Range => r !== null)
          .map((r) => lines.slice(r.start.line, r.end.line + 1).join('\n'));
  let node: Instruction | undefined;
  const info: InstructionInfo = {
    keyword,
    written: source.written,
    args,
    flags,
    range,
    jsonForm: json !== undefined,
    json,
    commands: keyword === 'RUN' ? runCommands(args, json, heredocs) : NONE,
    heredocs,
    heredocNodes,
    stage,
    get node() {
      return (node ??= source.node());
    },
  };
  if (keyword === 'ONBUILD') {
    const trigger = (
      info.node as Instruction & { getTriggerInstruction?: () => Instruction | null }
    ).getTriggerInstruction?.();
    if (trigger)
      info.trigger = describeInstruction(
        nodeSource(trigger),
        trigger.getKeyword().toUpperCase(),
        stage,
        lines,
      );
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
