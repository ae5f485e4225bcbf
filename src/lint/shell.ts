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
}

const OPERATORS = ['&&', '||', ';;', ';', '|', '&', '\n', '(', ')', '{', '}'];

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
      // Keep $(…) and ${…} inside the word, balancing brackets.
      const open = text[i + 1] as string;
      const close = open === '(' ? ')' : '}';
      let depth = 0;
      let j = i + 1;
      for (; j < text.length; j += 1) {
        if (text[j] === open) depth += 1;
        else if (text[j] === close && --depth === 0) break;
      }
      word += text.slice(i, j + 1);
      inWord = true;
      i = j;
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
    const operator = OPERATORS.find((op) => text.startsWith(op, i));
    if (operator && !(operator === '{' || operator === '}' ? inWord : false)) {
      endCommand(operator);
      i += operator.length - 1;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
      continue;
    }
    word += c;
    inWord = true;
  }
  endCommand(';');
  return commands;
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

/**
 * The command that actually runs, unwrapping `sudo`, `env A=B`, `nice`, `time`, `exec`, `command` and
 * `xargs` prefixes: `sudo apt-get install x` → `apt-get install x`.
 */
export function unwrapCommand(command: ShellCommand): ShellCommand {
  let argv = command.argv;
  const env = { ...command.env };
  for (;;) {
    const program = (argv[0] ?? '').slice((argv[0] ?? '').lastIndexOf('/') + 1);
    if (['sudo', 'nice', 'time', 'exec', 'command', 'nohup', 'xargs'].includes(program)) {
      argv = argv.slice(1);
      while (argv[0]?.startsWith('-')) argv = argv.slice(1);
    } else if (program === 'env') {
      argv = argv.slice(1);
      while (argv[0] && (argv[0].startsWith('-') || argv[0].includes('='))) {
        const [k, ...v] = argv[0].split('=');
        if (v.length > 0 && k) env[k] = v.join('=');
        argv = argv.slice(1);
      }
    } else {
      return { env, argv, joinedBy: command.joinedBy };
    }
  }
}
