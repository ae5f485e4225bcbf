/**
 * Where each instruction of a Dockerfile starts and ends, and its keyword as written, read the way
 * dockerfile-ast's parser reads them but without building its objects. dockerfile-ast works out every
 * instruction's arguments, flags and JSON form while parsing (most of a lint run's time); the model
 * needs only these bounds, and builds dockerfile-ast's tree on first use (`DockerfileModel.ast`, an
 * instruction's `node`) for the few rules that ask more of it.
 *
 * Heredocs and parser directives change how dockerfile-ast reads what follows them; for a file that
 * may have either (a `<`, or a directive at the top) `scanInstructionBounds` answers undefined and the
 * model takes the bounds from dockerfile-ast itself. A test compares the two on many files.
 */
import type { Range } from './model.js';

/** One instruction's bounds: its range (dockerfile-ast's `getRange()`) and its keyword as written. */
export interface InstructionBounds {
  /** The keyword as written, escaped line breaks inside it removed (dockerfile-ast's `getInstruction()`). */
  written: string;
  /** 0-based range of the whole instruction, continuation lines included. */
  range: Range;
}

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const HASH = 35;
/** The escape character: a file with an `# escape=` directive is left to dockerfile-ast. */
const ESCAPE = 92;

/**
 * The instructions of `text` in order, or undefined when the file has a heredoc marker (`<`) or a
 * parser directive, which dockerfile-ast must read.
 */
export function scanInstructionBounds(text: string): InstructionBounds[] | undefined {
  if (text.includes('<')) return undefined;
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (hasDirective(text, start)) return undefined;
  return new Scanner(text).scan(start);
}

/**
 * True when the file opens with a parser directive (`# name=value` lines before anything else), as
 * dockerfile-ast's `getParserDirectives` finds them: a `#`, a word, then `=` on the first line
 * that is not blank spaces.
 */
function hasDirective(text: string, from: number): boolean {
  let i = from;
  while (i < text.length && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) i += 1;
  if (text.charCodeAt(i) !== HASH) return false;
  let word = false;
  for (let j = i + 1; j < text.length; j += 1) {
    const c = text.charCodeAt(j);
    if (c === CR || c === LF) return false;
    if (c === 61 /* = */) return word;
    if (c !== SPACE && c !== TAB) word = true;
  }
  return false;
}

/** A port of dockerfile-ast's `Parser.parse` loop (escape character `\`, no heredocs). */
class Scanner {
  private readonly found: InstructionBounds[] = [];
  private lineOffsets: number[] | undefined;

  constructor(private readonly text: string) {}

  scan(from: number): InstructionBounds[] {
    const { text } = this;
    for (let i = from; i < text.length; i += 1) {
      const c = text.charCodeAt(i);
      if (c === SPACE || c === TAB || c === CR || c === LF) continue;
      i = c === HASH ? this.commentEnd(i) : this.instruction(i);
    }
    return this.found;
  }

  /** Index of the line end after a comment starting at `start` (or the text's end). */
  private commentEnd(start: number): number {
    const { text } = this;
    for (let i = start + 1; i < text.length; i += 1) {
      const c = text.charCodeAt(i);
      if (c === CR || c === LF) return i;
    }
    return text.length;
  }

  /** Reads the instruction starting at `start`; returns the index where it ends. */
  private instruction(start: number): number {
    const { text } = this;
    // The keyword is `text.slice(start, plainEnd)` until an escape breaks it up; only then is it built
    // character by character (as dockerfile-ast does for every keyword).
    let written: string | undefined;
    let plainEnd = start + 1;
    let escaped = false;
    outer: for (let i = start + 1; i < text.length; i += 1) {
      const c = text.charCodeAt(i);
      if (c === ESCAPE) {
        escaped = true;
        const next = text.charCodeAt(i + 1);
        if (next === CR || next === LF) {
          i += 1;
        } else if (next === SPACE || next === TAB) {
          for (let j = i + 2; j < text.length; j += 1) {
            const d = text.charCodeAt(j);
            if (d === SPACE || d === TAB) continue;
            if (d === CR || d === LF) {
              i = j;
              continue outer;
            }
            written = `${written ?? text.slice(start, plainEnd)}\\`;
            i = j - 2;
            continue outer;
          }
          written = `${written ?? text.slice(start, plainEnd)}\\`;
          break outer;
        } else {
          written = `${written ?? text.slice(start, plainEnd)}\\`;
          escaped = false;
        }
      } else if (c === SPACE || c === TAB) {
        // After an escaped line break, a line of blanks only still continues the keyword.
        if (escaped) {
          for (let j = i + 1; j < text.length; j += 1) {
            const d = text.charCodeAt(j);
            if (d === CR || d === LF) {
              i = j;
              continue outer;
            }
            if (d !== SPACE && d !== TAB) break;
          }
        }
        const end = this.argumentsEnd(i);
        this.add(written ?? text.slice(start, plainEnd), start, end);
        return end;
      } else if (c === CR || c === LF) {
        if (escaped) continue;
        this.add(written ?? text.slice(start, plainEnd), start, i);
        return i;
      } else if (c === HASH && escaped) {
        continue;
      } else {
        if (written === undefined && i === plainEnd) plainEnd += 1;
        else written = (written ?? text.slice(start, plainEnd)) + (text[i] as string);
        escaped = false;
      }
    }
    this.add(written ?? text.slice(start, plainEnd), start, text.length);
    return text.length;
  }

  /** Index where the arguments starting after `offset` end: a line end not escaped, or the text's end. */
  private argumentsEnd(offset: number): number {
    const { text } = this;
    let escaped = false;
    outer: for (let i = offset + 1; i < text.length; i += 1) {
      const c = text.charCodeAt(i);
      if (c === CR || c === LF) {
        if (!escaped) return i;
      } else if (c === ESCAPE) {
        const next = text.charCodeAt(i + 1);
        if (next === LF || next === CR) {
          escaped = true;
          i += 1;
        } else if (next === SPACE || next === TAB) {
          for (let j = i + 2; j < text.length; j += 1) {
            const d = text.charCodeAt(j);
            if (d === SPACE || d === TAB) continue;
            if (d === CR || d === LF) escaped = true;
            i = j;
            continue outer;
          }
          return text.length;
        }
      } else if (c === HASH) {
        if (escaped) i = this.commentEnd(i);
      } else if (c !== SPACE && c !== TAB) {
        escaped = false;
      }
    }
    return text.length;
  }

  private add(written: string, start: number, end: number): void {
    this.found.push({ written, range: { start: this.positionAt(start), end: this.positionAt(end) } });
  }

  /** vscode-languageserver-textdocument's `positionAt`: `\r\n`, `\r` and `\n` each end a line. */
  private positionAt(offset: number): { line: number; character: number } {
    const { text } = this;
    const lineOffsets = (this.lineOffsets ??= lineStarts(text));
    let at = Math.max(Math.min(offset, text.length), 0);
    let low = 0;
    let high = lineOffsets.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((lineOffsets[mid] as number) > at) high = mid;
      else low = mid + 1;
    }
    const line = low - 1;
    const lineStart = lineOffsets[line] as number;
    while (at > lineStart && isLineEnd(text.charCodeAt(at - 1))) at -= 1;
    return { line, character: at - lineStart };
  }
}

/** Offsets where each line starts. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === CR || c === LF) {
      if (c === CR && text.charCodeAt(i + 1) === LF) i += 1;
      starts.push(i + 1);
    }
  }
  return starts;
}

function isLineEnd(code: number): boolean {
  return code === CR || code === LF;
}
