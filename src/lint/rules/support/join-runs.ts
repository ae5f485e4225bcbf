/**
 * The fix of consecutive-run: joining a RUN onto the RUN just before it (`RUN a` + `RUN b` →
 * `RUN a && \` / `    b`), offered only where the joined script does exactly what the two did.
 */
import type { DockerfileModel, InstructionInfo } from '../../../dockerfile/model.js';
import { programName, splitShell, type ShellCommand } from '../../../dockerfile/shell.js';
import { appendToRun } from '../../fix.js';
import type { TextEdit } from '../../types.js';

/**
 * Builtins whose effect lasts for the rest of the script (working directory, variables, options,
 * traps) or that end it: after one of them in the earlier RUN, the later one would run differently.
 */
const CARRIES_STATE = new Set([
  'cd',
  'pushd',
  'popd',
  'export',
  'set',
  'unset',
  'source',
  '.',
  'umask',
  'alias',
  'unalias',
  'exec',
  'exit',
  'return',
  'trap',
  'shopt',
  'ulimit',
  'readonly',
  'declare',
  'typeset',
  'local',
  'eval',
  'shift',
  'hash',
]);

/**
 * Edits joining `later` onto `earlier` (the instruction just before it, same flags): ` && \` at the
 * end of `earlier`, and `later`'s `RUN --flags ` replaced by indentation. Undefined when unsure: exec
 * form or heredocs, blank lines or ignore comments between them, a trailing comment on `earlier`'s
 * last line, state the earlier script leaves behind (`cd`, `export`, `set`, a bare `A=b`), or an
 * operator in the later one other than `&&` and `|` (`b || c` would then also run when `a` fails).
 */
export function joinRunsFix(
  model: DockerfileModel,
  earlier: InstructionInfo,
  later: InstructionInfo,
): TextEdit[] | undefined {
  const instructions = model.instructions;
  if (instructions[instructions.indexOf(earlier) + 1] !== later) return undefined;
  if (later.jsonForm || later.heredocs.length > 0) return undefined;
  // Between them only comment lines (kept, as comments inside the continuation); none that suppresses.
  const between = model.lines.slice(earlier.range.end.line + 1, later.range.start.line);
  if (between.some((l) => !/^\s*#/.test(l) || /docker-diet|hadolint/i.test(l))) return undefined;
  // The end of `earlier`: where its last command ends, with nothing but blanks after it.
  const end = appendToRun(model, earlier, '');
  if (!end) return undefined;
  const lastLine = model.lines[end.range.start.line] ?? '';
  if (lastLine.slice(end.range.start.character).trim() !== '') return undefined;
  if (!sameScriptWhenJoined(earlier, later)) return undefined;
  // The start of `later`'s script, on its first line.
  const { start } = later.range;
  const first = (model.lines[start.line] ?? '').slice(start.character);
  const prefix = /^RUN(?:[ \t]+--\S+)*[ \t]+/i.exec(first);
  // A script starting with `#` or a continuation would change meaning once it is a continued line.
  if (!prefix || /^(\\|#|$)/.test(first.slice(prefix[0].length))) return undefined;
  const indent = continuationIndent(model, earlier);
  return [
    {
      range: { start: end.range.start, end: { line: end.range.start.line, character: lastLine.length } },
      text: ' && \\',
    },
    {
      range: { start, end: { line: start.line, character: start.character + prefix[0].length } },
      text: indent,
    },
  ];
}

/** True when `earlier && later` runs as the two RUNs did. */
function sameScriptWhenJoined(earlier: InstructionInfo, later: InstructionInfo): boolean {
  const stateful = (c: ShellCommand): boolean =>
    c.argv.length === 0 || CARRIES_STATE.has(programName(c)) || CARRIES_STATE.has(c.argv[0] ?? '');
  if ([...splitShell(earlier.args), ...earlier.commands].some(stateful)) return false;
  return splitShell(later.args).every((c) => ['', '&&', '|'].includes(c.joinedBy));
}

/** The indentation of `earlier`'s continuation lines, or four spaces. */
function continuationIndent(model: DockerfileModel, earlier: InstructionInfo): string {
  const next = model.lines
    .slice(earlier.range.start.line + 1, earlier.range.end.line + 1)
    .find((l) => !/^\s*#/.test(l) && l.trim() !== '');
  const indent = next === undefined ? '' : (/^[ \t]*/.exec(next)?.[0] ?? '');
  return indent === '' ? '    ' : indent;
}
