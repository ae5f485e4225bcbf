/**
 * Fixes as text edits: applying a set of edits to a Dockerfile's text, and finding where in the source
 * a rule's edit goes. Positions are 0-based lines and UTF-16 characters, as dockerfile-ast and LSP
 * count them, so an edit never depends on the file's line endings.
 */
import type { Position, Range, TextEdit } from './types.js';

/** What `applyFixes` did. */
export interface FixResult {
  /** The text with the applied edits. */
  text: string;
  /** Edits applied, in the order given. */
  applied: TextEdit[];
  /** Edits skipped because they overlap an edit given before them. */
  skipped: TextEdit[];
  /** Where the applied edits went, as offsets into the input text, in offset order. */
  spans: TextSpan[];
}

/** One applied edit as offsets: input text `[start, end)` became `length` characters. */
export interface TextSpan {
  start: number;
  end: number;
  length: number;
}

/**
 * Applies `edits` to `text`. Edits are taken in the order given; one that overlaps an edit already
 * taken is skipped (two inserts at the same place count as overlapping, as their order would be a
 * guess), so a second pass can apply it to the fixed text.
 */
export function applyFixes(text: string, edits: readonly TextEdit[]): FixResult {
  const starts = lineStarts(text);
  const taken: { start: number; end: number; edit: TextEdit }[] = [];
  const skipped: TextEdit[] = [];
  for (const edit of edits) {
    const a = offsetAt(text, starts, edit.range.start);
    const b = Math.max(a, offsetAt(text, starts, edit.range.end));
    const clash = taken.some(
      (t) => (a < t.end && t.start < b) || (a === t.start && (a === b || t.start === t.end)),
    );
    if (clash) skipped.push(edit);
    else taken.push({ start: a, end: b, edit });
  }
  // Right to left, so earlier offsets stay valid.
  let out = text;
  const ordered = [...taken].sort((x, y) => x.start - y.start);
  for (const t of [...ordered].reverse()) {
    out = out.slice(0, t.start) + t.edit.text + out.slice(t.end);
  }
  const spans = ordered.map((t) => ({ start: t.start, end: t.end, length: t.edit.text.length }));
  return { text: out, applied: taken.map((t) => t.edit), skipped, spans };
}

/** Offsets where each line starts; `\r\n`, `\n` and a lone `\r` end a line, as in LSP. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) i += 1;
    if (c === 10 || c === 13) starts.push(i + 1);
  }
  return starts;
}

/** The offset of a position, clamped to its line's content (LSP's rule for positions past the end). */
export function offsetAt(text: string, starts: readonly number[], position: Position): number {
  if (position.line >= starts.length) return text.length;
  const start = starts[Math.max(0, position.line)] as number;
  const next = starts[position.line + 1];
  let end = next ?? text.length;
  if (next !== undefined) end -= text.charCodeAt(end - 2) === 13 && text.charCodeAt(end - 1) === 10 ? 2 : 1;
  return Math.min(start + Math.max(0, position.character), end);
}

/** Where one command shows in the source: its program word, and the end of its subcommand. */
interface CommandSpot {
  program: Range;
  end: Position;
}

/**
 * Every `program … sub` (or bare `program` when `sub` is undefined) in the source of a shell-form
 * instruction, in order: the program as a word of its own (a path before it allowed), `sub` after
 * options and their values, across continuations but never across an operator or into quotes.
 */
function findCommands(
  model: { lines: readonly string[] },
  instruction: { range: Range; jsonForm: boolean },
  program: string,
  sub: string | undefined,
): CommandSpot[] | undefined {
  if (instruction.jsonForm) return undefined;
  const first = instruction.range.start.line;
  const source = model.lines.slice(first, instruction.range.end.line + 1).join('\n');
  // Words between the program and its subcommand (options, their values), across continuations,
  // never across an operator. `\\\n` is a continuation: model.lines has no `\r`.
  const gap = String.raw`(?:[ \t]+|[ \t]*\\\n[ \t]*)`;
  const tail = sub === undefined ? '' : String.raw`(?:${gap}[^\s;&|()]+)*?${gap}${escape(sub)}`;
  const pattern = new RegExp(
    String.raw`(?<![^\s;&|(])((?:[^\s;&|()]*/)?)(${escape(program)})${tail}(?![^\s;&|)])`,
    'g',
  );
  const at = (offset: number): Position => {
    const before = source.slice(0, offset);
    return {
      line: first + before.split('\n').length - 1,
      character: offset - (before.lastIndexOf('\n') + 1),
    };
  };
  return [...source.matchAll(pattern)].map((m) => {
    const start = m.index + (m[1] ?? '').length;
    return {
      program: { start: at(start), end: at(start + program.length) },
      end: at(m.index + m[0].length),
    };
  });
}

/**
 * Edits that insert `insert` right after `program … sub` (`apt-get -q install`, `apk add`), or right
 * after `program` when `sub` is undefined, in the source of `instruction`: one per occurrence whose
 * flag in `wanted` is true, `wanted` having one entry per command of the RUN that runs `program sub`,
 * in order. Undefined when the source does not show exactly those commands (exec form, a quoted
 * argument with spaces, `sh -c '…'`, a wrapper): a fix that cannot be placed with certainty is not
 * offered.
 */
export function insertAfterSubcommand(
  model: { lines: readonly string[] },
  instruction: { range: Range; jsonForm: boolean },
  program: string,
  sub: string | undefined,
  wanted: readonly boolean[],
  insert: string,
): TextEdit[] | undefined {
  const spots = findCommands(model, instruction, program, sub);
  if (spots?.length !== wanted.length) return undefined;
  return spots
    .filter((_, i) => wanted[i])
    .map((s) => ({ range: { start: s.end, end: s.end }, text: insert }));
}

/**
 * Edits that rename the program of the commands running `program … sub` whose flag in `wanted` is
 * true (`apt install` → `apt-get install`); undefined under the same conditions as
 * `insertAfterSubcommand`.
 */
export function renameProgram(
  model: { lines: readonly string[] },
  instruction: { range: Range; jsonForm: boolean },
  program: string,
  sub: string | undefined,
  wanted: readonly boolean[],
  name: string,
): TextEdit[] | undefined {
  const spots = findCommands(model, instruction, program, sub);
  if (spots?.length !== wanted.length) return undefined;
  return spots.filter((_, i) => wanted[i]).map((s) => ({ range: s.program, text: name }));
}

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}

/**
 * The edit that appends `text` (e.g. ` && rm -rf /var/lib/apt/lists/*`) to the end of the last
 * command of a shell-form RUN: after its last line of code, before a trailing shell comment and a
 * dangling continuation. Undefined when the end is not plain shell that `&& …` can follow: exec form,
 * heredocs, a non-POSIX SHELL, another escape character, a line ending in an operator or keyword, or
 * quotes still open at the end.
 */
export function appendToRun(
  model: {
    lines: readonly string[];
    escape: string;
    instructions: readonly { keyword: string; json?: string[] }[];
  },
  instruction: { range: Range; jsonForm: boolean; heredocs: readonly string[]; keyword: string },
  text: string,
): TextEdit | undefined {
  if (instruction.keyword !== 'RUN' || instruction.jsonForm || instruction.heredocs.length > 0)
    return undefined;
  if (model.escape !== '\\') return undefined;
  // `&&` means the same only to a POSIX shell; a SHELL instruction may make RUNs PowerShell or cmd.
  const posix = /(^|\/)(ba|da|a|k|z)?sh$/;
  if (model.instructions.some((i) => i.keyword === 'SHELL' && !posix.test(i.json?.[0] ?? '')))
    return undefined;
  const first = instruction.range.start.line;
  const lines = model.lines.slice(first, instruction.range.end.line + 1);
  // The last line of code: not blank, not a comment line (the builder drops those inside a RUN).
  let last = lines.length - 1;
  while (last > 0 && /^\s*(#.*)?$/.test(lines[last] as string)) last -= 1;
  // The code must have no quote still open where that line starts, nor at its end.
  const state = { quote: '' };
  for (let i = 0; i < last; i += 1) {
    if (i > 0 && /^\s*#/.test(lines[i] as string)) continue;
    scanLine(lines[i] as string, state);
  }
  if (state.quote !== '') return undefined;
  const line = lines[last] as string;
  const code = scanLine(line, state);
  if (state.quote !== '') return undefined;
  const body = line.slice(0, code).replace(/\s*\\?\s*$/, '');
  if (last === 0 && /^\s*RUN\s*$/i.test(body)) return undefined;
  // An operator or a keyword that needs more after it: `&& …` would not be valid there.
  if (/(&&|\|\||[;&|({!]|\b(then|do|else|elif|in|if|while|until))$/.test(body) || body.endsWith('\\'))
    return undefined;
  const at = { line: first + last, character: body.length };
  return { range: { start: at, end: at }, text };
}

/**
 * Scans one line of shell code, carrying open quotes across lines in `state`; returns where a
 * shell comment (`#` starting a word, outside quotes: after a blank or an operator) begins, or the
 * line's length.
 */
function scanLine(line: string, state: { quote: string }): number {
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i] as string;
    if (state.quote === "'" || state.quote === '`') {
      if (c === state.quote) state.quote = '';
    } else if (state.quote === '"') {
      if (c === '\\') i += 1;
      else if (c === '"') state.quote = '';
    } else if (c === '\\') {
      i += 1;
    } else if (c === "'" || c === '"' || c === '`') {
      // A backtick opens a command substitution, which `&& …` must not end up inside.
      state.quote = c;
    } else if (c === '#' && (i === 0 || /[\s;&|()]/.test(line[i - 1] as string))) {
      return i;
    }
  }
  return line.length;
}
