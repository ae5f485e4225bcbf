/**
 * A unified diff (`diff -u` / `git diff` style) of two texts, for `docker-diet fix --diff`. Lines are
 * compared with their line ends, so a CRLF file stays visibly CRLF; common lines at both ends are
 * trimmed before the line-by-line comparison, which keeps fixes (a few changed lines) cheap.
 */

const CONTEXT = 3;

/** One line of the edit script: kept (' '), removed ('-') or added ('+'). */
interface DiffLine {
  op: ' ' | '-' | '+';
  text: string;
  /** 1-based line in the old text (kept and removed lines) and in the new one (kept and added). */
  a: number;
  b: number;
}

/** The unified diff of `before` → `after` labelled `a/file` and `b/file`; '' when they are equal. */
export function unifiedDiff(file: string, before: string, after: string): string {
  if (before === after) return '';
  const script = editScript(splitLines(before), splitLines(after));
  const out = [`--- a/${file}`, `+++ b/${file}`];
  for (const hunk of hunks(script)) {
    const first = hunk[0] as DiffLine;
    const oldCount = hunk.filter((l) => l.op !== '+').length;
    const newCount = hunk.filter((l) => l.op !== '-').length;
    const oldStart = oldCount === 0 ? first.a - 1 : first.a;
    const newStart = newCount === 0 ? first.b - 1 : first.b;
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`);
    for (const line of hunk) {
      const ending = /\r?\n$/.exec(line.text)?.[0] ?? '';
      const body = line.text.slice(0, line.text.length - ending.length);
      out.push(`${line.op}${body}${ending === '\r\n' ? '\r' : ''}`);
      if (ending === '') out.push('\\ No newline at end of file');
    }
  }
  return `${out.join('\n')}\n`;
}

/** Lines with their line ends kept. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** The edit script turning `a` into `b`: common ends, then an LCS table over the changed middle. */
function editScript(a: string[], b: string[]): DiffLine[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail += 1;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  // lcs[i][j]: length of the longest common subsequence of x[i..] and y[j..].
  const lcs = Array.from({ length: x.length + 1 }, () => new Uint32Array(y.length + 1));
  for (let i = x.length - 1; i >= 0; i -= 1) {
    for (let j = y.length - 1; j >= 0; j -= 1) {
      const row = lcs[i] as Uint32Array;
      const below = lcs[i + 1] as Uint32Array;
      row[j] =
        x[i] === y[j] ? (below[j + 1] as number) + 1 : Math.max(below[j] as number, row[j + 1] as number);
    }
  }
  const below = (i: number, j: number): number => lcs[i + 1]?.[j] ?? 0;
  const right = (i: number, j: number): number => lcs[i]?.[j + 1] ?? 0;
  const script: DiffLine[] = [];
  let ai = 1;
  let bi = 1;
  const push = (op: DiffLine['op'], text: string): void => {
    script.push({ op, text, a: ai, b: bi });
    if (op !== '+') ai += 1;
    if (op !== '-') bi += 1;
  };
  for (let k = 0; k < head; k += 1) push(' ', a[k] as string);
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      push(' ', x[i] as string);
      i += 1;
      j += 1;
    } else if (i < x.length && (j === y.length || below(i, j) >= right(i, j))) {
      // Removals before additions, as diff and git print them.
      push('-', x[i] as string);
      i += 1;
    } else {
      push('+', y[j] as string);
      j += 1;
    }
  }
  for (let k = a.length - tail; k < a.length; k += 1) push(' ', a[k] as string);
  return script;
}

/** Changed lines grouped into hunks with up to CONTEXT kept lines around them. */
function hunks(script: DiffLine[]): DiffLine[][] {
  const changed = script.flatMap((l, i) => (l.op === ' ' ? [] : [i]));
  const groups: DiffLine[][] = [];
  let start = -1;
  let end = -1;
  for (const index of changed) {
    if (start !== -1 && index - CONTEXT <= end + CONTEXT) {
      end = index;
      continue;
    }
    if (start !== -1) groups.push(script.slice(Math.max(0, start - CONTEXT), end + CONTEXT + 1));
    start = index;
    end = index;
  }
  if (start !== -1) groups.push(script.slice(Math.max(0, start - CONTEXT), end + CONTEXT + 1));
  return groups;
}
