/**
 * Reading an instruction straight from the file's lines: its text, its leading `--flags`, its
 * arguments with continuations joined, and the one-line form reports show. The model's hot path (it
 * runs once per instruction of every linted file), so it avoids dockerfile-ast's positioned argument
 * objects and re-slicing text.
 */
import type { DockerfileModel, InstructionInfo, Range } from './model.js';

/** The instruction's text as written, from its range. */
export function instructionText(lines: string[], range: Range): string {
  if (range.start.line === range.end.line) {
    return (lines[range.start.line] ?? '').slice(range.start.character, range.end.character);
  }
  const parts = lines.slice(range.start.line, range.end.line + 1);
  parts[0] = (parts[0] ?? '').slice(range.start.character);
  parts[parts.length - 1] = (parts[parts.length - 1] ?? '').slice(0, range.end.character);
  return parts.join('\n');
}

// Blanks between flags: spaces, or an escaped newline followed by any comment lines. Sticky, so it
// matches at `lastIndex` without slicing the text at every step.
const BLANK = /(?:[ \t]+|[\\`][ \t]*\r?\n(?:[ \t]*#[^\n]*\n)*)/y;
const SPACE = /\s/;
/** The flags of every instruction written without any (most of them): shared, never added to. */
const NO_FLAGS: ReadonlyMap<string, string[]> = new Map();
/** A comment line inside a continued instruction. */
const COMMENT_LINE = /\n\s*#/;
/** Blanks that joining would squeeze: a tab, or two spaces in a row. */
const BLANK_RUN = /\t| {2}/;

/** Index of the first non-blank character at or after `i`. */
function skipBlank(text: string, i: number): number {
  let at = i;
  for (;;) {
    BLANK.lastIndex = at;
    if (!BLANK.test(text)) return at;
    at = BLANK.lastIndex;
  }
}

/**
 * Leading `--name[=value]` options (across continuations) and the raw rest. Flag values may be
 * quoted; a flag is only read where the instruction takes flags.
 */
export function splitFlags(
  text: string,
  takesFlags: boolean,
): { flags: ReadonlyMap<string, string[]>; raw: string } {
  let flags: Map<string, string[]> | undefined;
  let i = skipBlank(text, 0);
  while (takesFlags && text.startsWith('--', i)) {
    let j = i + 2;
    let quote = '';
    for (; j < text.length; j += 1) {
      const c = text[j] as string;
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (SPACE.test(c)) break;
    }
    const token = text.slice(i + 2, j);
    const eq = token.indexOf('=');
    const name = (eq === -1 ? token : token.slice(0, eq)).toLowerCase();
    const value = eq === -1 ? '' : stripQuotes(token.slice(eq + 1));
    flags ??= new Map();
    const values = flags.get(name);
    if (values) values.push(value);
    else flags.set(name, [value]);
    i = skipBlank(text, j);
  }
  return { flags: flags ?? NO_FLAGS, raw: text.slice(i).trimEnd() };
}

/**
 * Joins continued lines as Docker does: the escape and newline vanish, and comment lines inside a
 * continuation are dropped (Docker ignores them).
 */
export function joinContinuations(raw: string): string {
  // Most instructions fit on one line: only the blank runs need squeezing.
  if (!raw.includes('\n')) return BLANK_RUN.test(raw) ? raw.replace(/[ \t]+/g, ' ') : raw;
  // Without comment lines or carriage returns, joining needs no split into lines.
  if (!raw.includes('\r') && !COMMENT_LINE.test(raw)) {
    return raw.replace(/[\\`]\n[ \t]*/g, ' ').replace(/[ \t]+/g, ' ');
  }
  return raw
    .split(/\r?\n/)
    .filter((line, i) => i === 0 || !/^\s*#/.test(line))
    .join('\n')
    .replace(/[\\`]\n[ \t]*/g, ' ')
    .replace(/[ \t]+/g, ' ');
}

/** A value without one pair of surrounding quotes: `"/app"` and `'/app'` → `/app`. */
export function stripQuotes(value: string): string {
  return value.replace(/^(["'])(.*)\1$/, '$2');
}

/**
 * The instruction as one line for reports: continuation lines joined, comment lines inside them
 * dropped, and a heredoc body left out (the line that opens it names it well enough).
 */
export function instructionDisplayText(model: DockerfileModel, info: InstructionInfo): string {
  const { start, end } = info.range;
  const parts: string[] = [];
  for (let line = start.line; line <= end.line; line += 1) {
    let text = model.lines[line] ?? '';
    if (line === end.line) text = text.slice(0, end.character);
    if (line === start.line) text = text.slice(start.character);
    if (line > start.line && /^\s*(#|$)/.test(text)) continue;
    const trimmed = text.trimEnd();
    const continued = trimmed.endsWith(model.escape);
    parts.push((continued ? trimmed.slice(0, -1) : trimmed).trim());
    if (!continued) break;
  }
  return parts.filter(Boolean).join(' ');
}

/** A word of an instruction's arguments with its 0-based range. */
export interface PlacedWord {
  value: string;
  range: Range;
}

/**
 * The argument words of an instruction written on one line without escapes, carriage returns or
 * `--flags`, with their ranges: what dockerfile-ast's `getArguments()` gives for such a line, without
 * building its tree. Undefined for any other instruction: ask its `node`.
 */
export function plainWords(model: DockerfileModel, info: InstructionInfo): PlacedWord[] | undefined {
  const { start, end } = info.range;
  if (start.line !== end.line) return undefined;
  const line = model.lines[start.line] ?? '';
  const from = start.character + info.written.length;
  const text = line.slice(from, end.character);
  if (text.includes(model.escape) || text.includes('\r') || info.written.includes(model.escape)) {
    return undefined;
  }
  const words: PlacedWord[] = [];
  for (const match of text.matchAll(/[^ \t]+/g)) {
    if (match[0].startsWith('--')) return undefined;
    const character = from + match.index;
    words.push({
      value: match[0],
      range: {
        start: { line: start.line, character },
        end: { line: start.line, character: character + match[0].length },
      },
    });
  }
  return words;
}

/**
 * The argument words of an instruction with their ranges, as dockerfile-ast's `getArguments()` gives
 * them; read from the line itself when it is plain (`plainWords`), from dockerfile-ast's tree otherwise.
 */
export function argumentWords(model: DockerfileModel, info: InstructionInfo): PlacedWord[] {
  return (
    plainWords(model, info) ??
    info.node.getArguments().map((a) => ({ value: a.getValue(), range: a.getRange() }))
  );
}
