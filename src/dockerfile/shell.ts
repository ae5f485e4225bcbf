/**
 * A small POSIX-shell word splitter for RUN commands: enough to see which programs run with which
 * arguments (`apt-get install -y …`, `rm -rf …`), not an interpreter. Quotes, backslash escapes and
 * the separators `&&`, `||`, `;`, `|`, `&`, newlines and `( ) { }` are understood; `$(…)` and
 * backticks stay inside their word. A rule that cannot decide from this stays silent.
 */

/** One simple command: leading `NAME=value` assignments, then the program and its arguments. */
export interface ShellCommand {
  /** `NAME=value` assignments before the program, e.g. `CGO_ENABLED=0`. */
  env: Record<string, string>;
  /** The program and its arguments, unquoted. `argv[0]` is the program (path kept as written). */
  argv: string[];
  /** The operator that joined this command to the previous one (`&&`, `||`, `;`, `|`, `&`, or '' first). */
  joinedBy: string;
  /** For `sh -c '…'`: the script it runs (expanded by `runCommandsOf`). */
  script?: string;
}

const OPERATORS = ['&&', '||', ';;', ';', '|', '&', '\n', '(', ')', '{', '}'];
const OPERATOR_STARTS = new Set(OPERATORS.map((op) => op[0]));
/**
 * Characters that end a run of ordinary word characters (ASCII codes; others never do): quotes,
 * escapes, expansions, redirections, operators and blanks. `{`, `}` and `#` inside a word are
 * ordinary, as they are to the shell.
 */
const ORDINARY_STOP = new Uint8Array(128);
for (const c of '\\\'"$<>`&|;()\n \t\r') ORDINARY_STOP[c.charCodeAt(0)] = 1;

/** Splits shell text into simple commands. Never throws. */
export function splitShell(text: string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let words: string[] = [];
  let joinedBy = '';
  let word = '';
  let inWord = false;

  const endWord = (): void => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = (operator: string): void => {
    endWord();
    if (words.length > 0) commands.push(toCommand(words, joinedBy));
    words = [];
    // Braces and parentheses group commands; they are not joins of their own.
    if (!['(', ')', '{', '}'].includes(operator)) joinedBy = operator === '\n' ? ';' : operator;
  };

  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] as string;
    if (c === '\\') {
      const next = text[i + 1];
      if (next === '\n') {
        i += 1; // line continuation
        continue;
      }
      if (next !== undefined) {
        word += next;
        inWord = true;
        i += 1;
      }
      continue;
    }
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      const stop = end === -1 ? text.length : end;
      word += text.slice(i + 1, stop);
      inWord = true;
      i = stop;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < text.length) {
          word += text[j + 1];
          j += 2;
          continue;
        }
        word += text[j];
        j += 1;
      }
      inWord = true;
      i = j;
      continue;
    }
    if (c === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) {
      // Keep $(…) and ${…} inside the word, balancing brackets outside quotes.
      const open = text[i + 1] as string;
      const close = open === '(' ? ')' : '}';
      let depth = 0;
      let j = i + 1;
      for (; j < text.length; j += 1) {
        const d = text[j];
        if (d === "'" || d === '"') {
          const end = text.indexOf(d, j + 1);
          j = end === -1 ? text.length : end;
        } else if (d === open) depth += 1;
        else if (d === close && --depth === 0) break;
      }
      word += text.slice(i, j + 1);
      inWord = true;
      i = j;
      continue;
    }
    if ((c === '>' || c === '<') && !(c === '<' && text[i + 1] === '(')) {
      // A redirection: drop it and its target (`> /dev/null`, `2>&1`, `>> log`, `< pkgs`).
      if (inWord && /^\d+$/.test(word)) {
        word = '';
        inWord = false;
      }
      endWord();
      let j = i + 1;
      while (text[j] === '>' || text[j] === '&' || text[j] === '|') j += 1;
      if (text[j - 1] === '&' && /\d|-/.test(text[j] ?? '')) {
        i = j; // `>&2` / `2>&-`: the target is the fd
        continue;
      }
      while (text[j] === ' ' || text[j] === '\t') j += 1;
      const target = /^(?:"[^"]*"|'[^']*'|[^\s;&|()<>]+)/.exec(text.slice(j));
      i = j + (target ? target[0].length : 0) - 1;
      continue;
    }
    if (c === '`') {
      const end = text.indexOf('`', i + 1);
      const stop = end === -1 ? text.length : end;
      word += text.slice(i, stop + 1);
      inWord = true;
      i = stop;
      continue;
    }
    if (c === '#' && !inWord) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end - 1;
      continue;
    }
    // Only a few characters can start an operator; checking them first spares most characters the search.
    const operator =
      OPERATOR_STARTS.has(c) &&
      OPERATORS.find(
        (op) => text.startsWith(op, i) && (op !== '{' && op !== '}' ? true : isBraceWord(text, i)),
      );
    if (operator && !(operator === '{' || operator === '}' ? inWord : false)) {
      endCommand(operator);
      i += operator.length - 1;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
      continue;
    }
    // An ordinary character: take the whole run of them at once rather than one at a time.
    let j = i + 1;
    while (j < text.length && !ORDINARY_STOP[text.charCodeAt(j)]) j += 1;
    word += j === i + 1 ? c : text.slice(i, j);
    inWord = true;
    i = j - 1;
  }
  endCommand(';');
  return commands;
}

/** `{`/`}` group commands only as words of their own (`{ a; }`), not inside `{}` or `${x}`. */
function isBraceWord(text: string, i: number): boolean {
  const before = i === 0 ? ' ' : (text[i - 1] as string);
  const after = text[i + 1] ?? ' ';
  return /[\s;&|()]/.test(before) && /[\s;&|()]/.test(after);
}

function toCommand(words: string[], joinedBy: string): ShellCommand {
  const env: Record<string, string> = {};
  let i = 0;
  for (; i < words.length; i += 1) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(words[i] as string);
    if (!match) break;
    env[match[1] as string] = match[2] as string;
  }
  return { env, argv: words.slice(i), joinedBy };
}

/** The program name without its directory: `/usr/bin/apt-get` → `apt-get`. */
export function programName(command: ShellCommand): string {
  const program = command.argv[0] ?? '';
  return program.slice(program.lastIndexOf('/') + 1);
}
