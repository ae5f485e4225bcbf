/**
 * Working directories: the WORKDIR in effect at each instruction (inherited along the stage chain,
 * relative WORKDIRs joined to the one before), and the `cd` of a RUN's commands. A directory that
 * cannot be known (a variable, a relative path under an unknown directory, `cd -`) is undefined, so
 * callers that need it stay silent.
 */
import { posix } from 'node:path';
import { stripQuotes } from './instruction-text.js';
import type { DockerfileModel, InstructionInfo } from './model.js';
import type { ShellCommand } from './shell.js';
import { instructionsBefore } from './stages.js';

/** `path` made absolute against `cwd` and normalised; undefined when it holds a variable or cwd is unknown. */
export function resolvePath(path: string, cwd: string | undefined): string | undefined {
  if (path.includes('$') || path === '') return undefined;
  const home = path.replace(/^~(?=\/|$)/, '/root');
  if (!home.startsWith('/') && cwd === undefined) return undefined;
  const absolute = posix.normalize(home.startsWith('/') ? home : `${cwd as string}/${home}`);
  return absolute.length > 1 ? absolute.replace(/\/+$/, '') : absolute;
}

/** The directory after `WORKDIR written` or `cd written` from `cwd`; undefined when it cannot be known. */
export function changeDirectory(cwd: string | undefined, written: string): string | undefined {
  const dir = stripQuotes(written.trim());
  return dir === '-' ? undefined : resolvePath(dir, cwd);
}

/**
 * For a `cd` command: the directory it names as written (`~` for a bare `cd`, which goes home);
 * undefined for any other command.
 */
export function cdTarget(command: ShellCommand): string | undefined {
  const { argv } = command;
  const program = argv[0] ?? '';
  if (program !== 'cd' && !program.endsWith('/cd')) return undefined;
  // `cd -P dir`, `cd -- dir`: options come first; a lone `-` is the previous directory.
  for (let i = 1; i < argv.length; i += 1) {
    const word = argv[i] as string;
    if (word === '--') return argv[i + 1] ?? '~';
    if (word === '-' || !word.startsWith('-')) return word;
  }
  return '~';
}

/**
 * The WORKDIR in effect at `instruction` (set in its stage or the stages it is built FROM), starting
 * from `start`, the base image's WORKDIR when the caller knows it. Undefined when it cannot be known:
 * no WORKDIR set and no `start`, or a variable.
 */
export function workdirAt(
  model: DockerfileModel,
  instruction: InstructionInfo,
  start?: string,
): string | undefined {
  if (start !== undefined) return walkWorkdirs(model, instruction, start);
  const memo = (model.facts.workdirs ??= new Map());
  if (memo.has(instruction)) return memo.get(instruction);
  const cwd = walkWorkdirs(model, instruction, undefined);
  memo.set(instruction, cwd);
  return cwd;
}

function walkWorkdirs(
  model: DockerfileModel,
  instruction: InstructionInfo,
  start: string | undefined,
): string | undefined {
  let cwd = start;
  for (const before of instructionsBefore(model, instruction)) {
    if (before.keyword === 'WORKDIR') cwd = changeDirectory(cwd, before.args);
  }
  return cwd;
}
