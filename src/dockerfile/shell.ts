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

/** Options of wrapper programs that take a value (`sudo -u app`, `xargs -n 1`, `nice -n 5`). */
const WRAPPER_VALUE_OPTIONS: Record<string, string[]> = {
  sudo: ['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '--user', '--group', '--chdir'],
  xargs: ['-a', '-d', '-E', '-I', '-L', '-n', '-P', '-s', '--arg-file', '--delimiter', '--max-args'],
  nice: ['-n', '--adjustment'],
  time: ['-f', '-o', '--format', '--output'],
};

/** Shell keywords that can stand before a command (`then apt-get …`, `! grep …`). */
const SHELL_KEYWORDS = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'do',
  'done',
  'while',
  'until',
  '!',
  'time',
]);

/**
 * The command that actually runs, unwrapping shell keywords and `sudo`, `env A=B`, `nice`, `time`,
 * `exec`, `command` and `xargs` prefixes: `then sudo -u app apt-get install x` → `apt-get install x`.
 */
export function unwrapCommand(command: ShellCommand): ShellCommand {
  let argv = command.argv;
  // Copied only when `env A=B` adds to it: most commands are returned as they came.
  let env = command.env;
  const result = (script?: string): ShellCommand =>
    argv === command.argv && env === command.env && script === undefined
      ? command
      : { env, argv, joinedBy: command.joinedBy, ...(script === undefined ? {} : { script }) };
  for (;;) {
    const first = argv[0] ?? '';
    const program = first.slice(first.lastIndexOf('/') + 1);
    if (SHELL_KEYWORDS.has(first)) {
      argv = argv.slice(1);
    } else if (program === 'command' && /^-[vV]$/.test(argv[1] ?? '')) {
      // `command -v x` looks x up; it does not run it.
      return result();
    } else if (WRAPPERS.has(program)) {
      const valued = WRAPPER_VALUE_OPTIONS[program] ?? [];
      argv = argv.slice(1);
      while (argv[0]?.startsWith('-')) {
        const option = argv[0];
        argv = argv.slice(valued.includes(option) ? 2 : 1);
      }
    } else if (program === 'env') {
      argv = argv.slice(1);
      while (argv[0] && (argv[0].startsWith('-') || argv[0].includes('='))) {
        const [k, ...v] = argv[0].split('=');
        if (v.length > 0 && k) {
          if (env === command.env) env = { ...env };
          env[k] = v.join('=');
        }
        argv = argv.slice(1);
      }
    } else if (SHELLS.test(program)) {
      // `sh -c 'a && b'` / `bash -ec "…"`: the script is what runs.
      const flagIndex = argv.findIndex((arg, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(arg));
      return result(flagIndex === -1 ? undefined : argv[flagIndex + 1]);
    } else {
      return result();
    }
  }
}

/** Programs that run the command after their options. */
const WRAPPERS = new Set(['sudo', 'nice', 'time', 'exec', 'command', 'nohup', 'xargs']);
const SHELLS = /^(ba|da|a|z)?sh$/;

/** Splits shell text and unwraps every command, expanding `sh -c '…'` scripts in place. */
export function runCommandsOf(text: string, depth = 0): ShellCommand[] {
  return splitShell(text).flatMap((command) => expandCommand(command, depth));
}

/** Unwraps one command; a `sh -c '…'` becomes the commands of its script. Lone keywords vanish. */
export function expandCommand(command: ShellCommand, depth = 0): ShellCommand[] {
  const unwrapped = unwrapCommand(command);
  if (unwrapped.script !== undefined && depth < 3) {
    return runCommandsOf(unwrapped.script, depth + 1).map((inner, i) =>
      i === 0 ? { ...inner, joinedBy: unwrapped.joinedBy } : inner,
    );
  }
  if (unwrapped.argv.length === 0) return [];
  return [
    unwrapped.script === undefined
      ? unwrapped
      : { env: unwrapped.env, argv: unwrapped.argv, joinedBy: unwrapped.joinedBy },
  ];
}

/** Stands in for `<<EOF` while splitting a heredoc RUN's first line; no Dockerfile contains it. */
const HEREDOC_MARK = '\u0000heredoc';

/**
 * The commands of a heredoc RUN. Each `<<EOF` feeds the command it stands in: a bare `RUN <<EOF` or a
 * shell given only options (`RUN <<EOF bash -e`) runs the body as a script; any other program
 * (`cat <<EOF > f`, `python3 <<EOF`) takes it as data. A body with a non-shell `#!` line is not shell.
 */
export function heredocRunCommands(firstLine: string, bodies: string[]): ShellCommand[] {
  let count = 0;
  const marked = firstLine.replace(/<<-?\s*(["']?)[\w.-]+\1/g, () => ` ${HEREDOC_MARK}${count++} `);
  const lead = splitShell(marked).map((command) => ({
    command: { ...command, argv: command.argv.filter((w) => !w.startsWith(HEREDOC_MARK)) },
    owns: command.argv
      .filter((w) => w.startsWith(HEREDOC_MARK))
      .map((w) => Number(w.slice(HEREDOC_MARK.length))),
  }));
  const readsScript = (argv: string[]): boolean =>
    argv.length === 0 ||
    (/^(ba|da|a|z|k)?sh$/.test(programName({ env: {}, argv, joinedBy: '' })) &&
      argv.slice(1).every((a) => a.startsWith('-')));
  const scripts = bodies.filter((body, k) => {
    const owner = lead.find((c) => c.owns.includes(k));
    return (!owner || readsScript(owner.command.argv)) && !/^#!(?!.*\b(ba|da|a|z|k)?sh\b)/.test(body);
  });
  const commands = lead
    .filter((c) => !(c.owns.length > 0 && readsScript(c.command.argv)))
    .map((c) => c.command);
  return [...commands.flatMap((c) => expandCommand(c)), ...scripts.flatMap((body) => runCommandsOf(body))];
}
