/**
 * What a RUN really runs: its simple commands with shell keywords and wrappers (`sudo`, `env A=B`,
 * `xargs`, …) unwrapped, `sh -c '…'` scripts opened, and heredoc bodies read as scripts or as data.
 * The word splitting itself is `shell.ts`'s.
 */
import { programName, splitShell, type ShellCommand } from './shell.js';

/** The simple commands of a RUN: its JSON form (a shell's `-c` script expanded), heredocs, or shell text. */
export function runCommands(args: string, json: string[] | undefined, heredocs: string[]): ShellCommand[] {
  if (json) {
    const [program = '', ...rest] = json;
    const shellScript = /(^|\/)(ba|da|a)?sh$/.test(program) && /^-[a-z]*c[a-z]*$/.test(rest[0] ?? '');
    return shellScript
      ? runCommandsOf(rest.slice(1).join(' '))
      : [unwrapCommand({ env: {}, argv: json, joinedBy: '' })];
  }
  if (heredocs.length > 0) return heredocRunCommands(args.split('\n')[0] ?? '', heredocs);
  return runCommandsOf(args);
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
