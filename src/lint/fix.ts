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
  for (const t of [...taken].sort((x, y) => y.start - x.start)) {
    out = out.slice(0, t.start) + t.edit.text + out.slice(t.end);
  }
  return { text: out, applied: taken.map((t) => t.edit), skipped };
}

/** Offsets where each line starts; `\r\n`, `\n` and a lone `\r` end a line, as in LSP. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) i += 1;
    if (c === 10 || c === 13) starts.push(i + 1);
  }
  return starts;
}

/** The offset of a position, clamped to its line's content (LSP's rule for positions past the end). */
function offsetAt(text: string, starts: number[], position: Position): number {
  if (position.line >= starts.length) return text.length;
  const start = starts[Math.max(0, position.line)] as number;
  const next = starts[position.line + 1];
  let end = next ?? text.length;
  if (next !== undefined) end -= text.charCodeAt(end - 2) === 13 && text.charCodeAt(end - 1) === 10 ? 2 : 1;
  return Math.min(start + Math.max(0, position.character), end);
}

/**
 * Edits that insert `insert` right after `program … sub` (`apt-get -q install`, `apk add`) in the
 * source of `instruction`: one per occurrence whose flag in `wanted` is true, `wanted` having one
 * entry per command of the RUN that runs `program sub`, in order. Undefined when the source does not
 * show exactly those commands (exec form, a quoted argument with spaces, `sh -c '…'`, a wrapper): a
 * fix that cannot be placed with certainty is not offered.
 */
export function insertAfterSubcommand(
  model: { lines: readonly string[] },
  instruction: { range: Range; jsonForm: boolean },
  program: string,
  sub: string,
  wanted: readonly boolean[],
  insert: string,
): TextEdit[] | undefined {
  if (instruction.jsonForm) return undefined;
  const first = instruction.range.start.line;
  const lines = model.lines.slice(first, instruction.range.end.line + 1);
  const source = lines.join('\n');
  // Words between the program and its subcommand (options, their values), across continuations,
  // never across an operator. `\\\n` is a continuation: model.lines has no `\r`.
  const gap = String.raw`(?:[ \t]+|[ \t]*\\\n[ \t]*)`;
  const pattern = new RegExp(
    String.raw`(?<![^\s;&|(])(?:[^\s;&|()]*/)?${escape(program)}(?:${gap}[^\s;&|()]+)*?${gap}${escape(sub)}(?![^\s;&|)])`,
    'g',
  );
  const ends = [...source.matchAll(pattern)].map((m) => m.index + m[0].length);
  if (ends.length !== wanted.length) return undefined;
  const edits: TextEdit[] = [];
  ends.forEach((end, i) => {
    if (!wanted[i]) return;
    const before = source.slice(0, end);
    const line = before.split('\n').length - 1;
    const at = { line: first + line, character: end - (before.lastIndexOf('\n') + 1) };
    edits.push({ range: { start: at, end: at }, text: insert });
  });
  return edits;
}

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}
