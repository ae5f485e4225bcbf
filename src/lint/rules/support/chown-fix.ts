/**
 * The fix of chown-in-separate-layer: `COPY . /app` + `RUN chown -R app:app /app` → `COPY
 * --chown=app:app . /app`, offered only where the COPY flag does exactly what the RUN did.
 */
import type { DockerfileModel, InstructionInfo } from '../../../dockerfile/model.js';
import { programName, splitShell, type ShellCommand } from '../../../dockerfile/shell.js';
import { instructionsBefore } from '../../../dockerfile/stages.js';
import { isWithin, layersBefore, type CopiedArea } from './copy-paths.js';
import type { TextEdit } from '../../types.js';

// `user:group` spelled out: `chown app` keeps the group while `--chown=app` sets it to the user's id,
// and `user.group` is an older spelling COPY does not read that way.
const OWNER = /^[A-Za-z0-9_][A-Za-z0-9_-]*:[A-Za-z0-9_][A-Za-z0-9_-]*$/;

/**
 * Edits that add `--chown=<owner>` to the COPY of `area` and delete the RUN, or undefined unless all
 * hold: the RUN (no flags, shell form) is just `chown [-R] user:group PATH`; PATH is exactly where the
 * COPY put its files (recursive when that is a tree); the COPY has no `--chown` yet and is the layer
 * right before the RUN with no WORKDIR between them or making PATH before it (a directory that
 * existed before the COPY would keep its owner under `--chown`).
 */
export function chownFix(
  model: DockerfileModel,
  run: InstructionInfo,
  command: ShellCommand,
  path: string | undefined,
  area: CopiedArea,
): TextEdit[] | undefined {
  const copy = area.instruction;
  if (run.jsonForm || run.heredocs.length > 0 || run.flags.size > 0) return undefined;
  if (run.commands.length !== 1 || splitShell(run.args).length !== 1 || programName(command) !== 'chown')
    return undefined;
  const [, ...args] = command.argv;
  const recursive = args[0] === '-R' || args[0] === '--recursive';
  const rest = recursive ? args.slice(1) : args;
  const [owner, written, ...more] = rest;
  if (owner === undefined || written === undefined || more.length > 0 || !OWNER.test(owner)) return undefined;
  if (path !== area.path || /[*?[$]/.test(area.path) || (area.tree && !recursive)) return undefined;
  if (copy.keyword !== 'COPY' || copy.flags.has('chown') || copy.heredocs.length > 0) return undefined;
  if (layersBefore(model, run).at(-1) !== copy) return undefined;
  const stage = model.stages[run.stage]?.instructions ?? [];
  const between = stage.slice(stage.indexOf(copy) + 1, stage.indexOf(run));
  if (between.some((i) => i.keyword === 'WORKDIR' || i.keyword === 'ONBUILD')) return undefined;
  if (createdBefore(model, copy, area.path)) return undefined;
  // The COPY's first line must start with the keyword, so the flag goes right after it.
  const { start } = copy.range;
  if ((model.lines[start.line] ?? '').slice(start.character, start.character + 4).toUpperCase() !== 'COPY')
    return undefined;
  const after = { line: start.line, character: start.character + 4 };
  return [
    { range: { start: after, end: after }, text: ` --chown=${owner}` },
    // The RUN's whole lines, line ends included.
    {
      range: {
        start: { line: run.range.start.line, character: 0 },
        end: { line: run.range.end.line + 1, character: 0 },
      },
      text: '',
    },
  ];
}

/** True when an instruction before `copy` may have made `path` or a folder under it (mentions it). */
function createdBefore(model: DockerfileModel, copy: InstructionInfo, path: string): boolean {
  const earlier = instructionsBefore(model, copy);
  return earlier.some(
    (i) =>
      i.keyword === 'WORKDIR' ||
      i.args
        .split(/[\s"'=:,;&|()]+/)
        .some((word) => word !== '' && word.startsWith('/') && isWithin(word.replace(/\/+$/, ''), path)),
  );
}
