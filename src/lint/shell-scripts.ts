/**
 * The shell scripts of a Dockerfile's RUN instructions, as ShellCheck should read them: each RUN's
 * script in the dialect of its stage's shell, with the ARG and ENV names in scope exported first (so
 * `$VERSION` from an `ARG` is not "referenced but not assigned"), and a map from each script line
 * back to its Dockerfile line. Pure: the ShellCheck process is `shellcheck.ts`'s.
 */
import { assignments } from '../dockerfile/variables.js';
import type { DockerfileModel, InstructionInfo } from '../dockerfile/model.js';
import { baseImage, instructionsBefore, runs } from '../dockerfile/stages.js';

/** One RUN's script for ShellCheck. */
export interface RunScript {
  instruction: InstructionInfo;
  /** ShellCheck's dialect: `sh`, `bash`, `dash` or `ksh`. */
  dialect: string;
  /** The script text, shebang and exports first. */
  text: string;
  /** 0-based Dockerfile line of each 1-based script line (index 0 unused); undefined for added lines. */
  origin: (number | undefined)[];
}

/** Variables every RUN has, as Docker sets them (hadolint exports the same). */
const PROXY_VARIABLES = [
  'HTTP_PROXY',
  'http_proxy',
  'HTTPS_PROXY',
  'https_proxy',
  'FTP_PROXY',
  'ftp_proxy',
  'NO_PROXY',
  'no_proxy',
];

/** Shell program → ShellCheck dialect; a shell missing here (pwsh, cmd, zsh, …) is not checked. */
const DIALECTS: Record<string, string> = {
  sh: 'sh',
  ash: 'sh',
  busybox: 'sh',
  dash: 'dash',
  bash: 'bash',
  ksh: 'ksh',
  mksh: 'ksh',
};

/**
 * The scripts of every RUN ShellCheck can read. Left out: a file whose escape character is not `\`,
 * RUNs in the JSON form, RUNs of a non-POSIX shell (SHELL ["pwsh", …], Windows images), and heredoc
 * RUNs other than a bare `RUN <<EOF` script.
 */
export function runScripts(model: DockerfileModel): RunScript[] {
  if (model.escape !== '\\') return [];
  const scripts: RunScript[] = [];
  for (const { instruction } of runs(model)) {
    if (instruction.jsonForm) continue;
    const dialect = shellDialect(model, instruction);
    if (!dialect) continue;
    const body =
      instruction.heredocs.length > 0 ? heredocBody(model, instruction) : continuedBody(model, instruction);
    if (!body) continue;
    const shell = body.dialect ?? dialect;
    const exports = [...variablesInScope(model, instruction)].map((name) => `export ${name}=1`);
    const lines = [`#!/bin/${shell}`, ...exports, ...body.lines];
    const origin: (number | undefined)[] = [undefined, ...lines.map(() => undefined)];
    body.origin.forEach((line, i) => (origin[2 + exports.length + i] = line));
    scripts.push({ instruction, dialect: shell, text: `${lines.join('\n')}\n`, origin });
  }
  return scripts;
}

/** The dialect of the shell a RUN runs in: the stage chain's last SHELL, else `/bin/sh` (none on Windows). */
function shellDialect(model: DockerfileModel, instruction: InstructionInfo): string | undefined {
  const shell = [...instructionsBefore(model, instruction)].reverse().find((i) => i.keyword === 'SHELL');
  // hadolint's `# hadolint shell=powershell` comment names the shell of the RUNs after it.
  const pragma = shellPragma(model, instruction.range.start.line);
  if (pragma && (!shell || pragma.line > shell.range.start.line)) return DIALECTS[programOf(pragma.shell)];
  if (shell) {
    const [first, second] = shell.json ?? [];
    // `SHELL ["/usr/bin/env", "bash", "-c"]` runs bash.
    return DIALECTS[programOf(first) === 'env' ? programOf(second) : programOf(first)];
  }
  const stage = model.stages[instruction.stage];
  const base = stage && baseImage(model, stage);
  // Windows images run `cmd /S /C` unless a SHELL says otherwise.
  if (base && /(^|\/)(windows|nanoserver|servercore)(\/|-|$)/i.test(base.name)) return undefined;
  return 'sh';
}

/** The last `# hadolint shell=<name>` comment line above `line`, if any. */
function shellPragma(model: DockerfileModel, line: number): { line: number; shell: string } | undefined {
  if (!model.text.includes('shell')) return undefined;
  for (let n = line - 1; n >= 0; n -= 1) {
    const match = /^\s*#\s*hadolint\s+shell\s*=\s*(\S+)/.exec(model.lines[n] ?? '');
    if (match) return { line: n, shell: match[1] as string };
  }
  return undefined;
}

/** A program's name without its folder and `.exe`, lower-cased: `/bin/bash` → `bash`. */
function programOf(word = ''): string {
  return word
    .slice(word.lastIndexOf('/') + 1)
    .replace(/\.exe$/i, '')
    .toLowerCase();
}

/** Names an ARG or ENV sets before the RUN (global ARGs included), and the proxy variables. */
function variablesInScope(model: DockerfileModel, instruction: InstructionInfo): Set<string> {
  const names = new Set(PROXY_VARIABLES);
  for (const i of [...model.globalArgs, ...instructionsBefore(model, instruction)]) {
    for (const { name } of assignments(model, i)) if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) names.add(name);
  }
  return names;
}

interface Body {
  lines: string[];
  /** 0-based Dockerfile line of each body line. */
  origin: number[];
  /** A dialect the body names itself (a heredoc's `#!/bin/bash`). */
  dialect?: string;
}

const FLAG = /^--[A-Za-z-]+(=("[^"]*"|'[^']*'|\S+))?\s*/;

/**
 * A shell-form RUN as written, lines kept so columns match: the keyword and flags blanked out, and
 * the comment and empty lines Docker drops from a continuation left out.
 */
function continuedBody(model: DockerfileModel, instruction: InstructionInfo): Body | undefined {
  const { start, end } = instruction.range;
  const lines: string[] = [];
  const origin: number[] = [];
  let inFlags = true;
  for (let n = start.line; n <= end.line; n += 1) {
    let text = model.lines[n] ?? '';
    if (n === start.line)
      text = blank(text, /^\s*\S+\s*/.exec(text.slice(start.character))?.[0].length ?? 0, start.character);
    if (n > start.line && (/^\s*#/.test(text) || text.trim() === '')) continue;
    if (inFlags) {
      let at = text.length - text.trimStart().length;
      let match: RegExpExecArray | null;
      while ((match = FLAG.exec(text.slice(at)))) at += match[0].length;
      text = blank(text, at, 0);
      // Flags may go on over continuation lines; the script starts on the first line that is not flags.
      inFlags = /^\s*\\\s*$/.test(text);
      if (inFlags) text = '';
    }
    lines.push(text);
    origin.push(n);
  }
  return lines.some((l) => l.trim() !== '') ? { lines, origin } : undefined;
}

/** A bare `RUN <<EOF` heredoc: its body is the script. Any other heredoc RUN is left out. */
function heredocBody(model: DockerfileModel, instruction: InstructionInfo): Body | undefined {
  const { start, end } = instruction.range;
  const first = (model.lines[start.line] ?? '').slice(start.character);
  const match =
    /^\s*\S+\s+(?:--[A-Za-z-]+(?:=(?:"[^"]*"|'[^']*'|\S+))?\s+)*<<(-?)\s*(["']?)([\w.-]+)\2\s*$/.exec(first);
  if (!match || instruction.heredocs.length !== 1) return undefined;
  const lines: string[] = [];
  const origin: number[] = [];
  let dialect: string | undefined;
  for (let n = start.line + 1; n <= end.line; n += 1) {
    const text = model.lines[n] ?? '';
    if ((match[1] ? text.replace(/^\t+/, '') : text) === match[3]) break;
    if (n === start.line + 1 && text.startsWith('#!')) {
      const program = /^#!\s*(?:\S*\/env\s+)?\S*?([^/\s]+)(\s|$)/.exec(text)?.[1] ?? '';
      dialect = DIALECTS[program];
      if (!dialect) return undefined; // a python or node script
      lines.push('');
    } else {
      lines.push(text);
    }
    origin.push(n);
  }
  return { lines, origin, dialect };
}

/** `text` with `length` characters from `from` turned into spaces, so columns stay where they were. */
function blank(text: string, length: number, from: number): string {
  return text.slice(0, from) + ' '.repeat(length) + text.slice(from + length);
}
