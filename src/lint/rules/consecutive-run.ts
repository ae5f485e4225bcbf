import type { DockerfileModel, InstructionInfo } from '../../dockerfile/model.js';
import { programName, splitShell } from '../../dockerfile/shell.js';
import { shippedStages } from '../../dockerfile/stages.js';
import type { Rule } from '../types.js';

const SHELLS = /^(ba|da|a|z|k)?sh$/;

/** Consecutive RUNs with the same flags: each is a layer, and files one deletes stay in the other. */
export const consecutiveRun: Rule<'joinable'> = {
  meta: {
    id: 'consecutive-run',
    severity: 'info',
    category: 'size',
    aliases: ['DL3059'],
    description: 'Consecutive RUN instructions with the same flags in a shipped stage could be one layer.',
    messages: {
      joinable:
        'This RUN follows the RUN at line {{line}} with the same flags: each RUN is a separate layer, and whatever one RUN deletes still ships in the layer of the RUN that created it. Fix: join them into one RUN with `&&` (or one heredoc script).',
    },
  },
  check({ model, report }) {
    const shipped = shippedStages(model);
    for (const stage of model.stages) {
      if (!shipped.has(stage.index)) continue; // builder stages' layers are not shipped
      let previous: InstructionInfo | undefined; // the RUN just before, if it could take more commands
      for (const instruction of stage.instructions) {
        const joinable = instruction.keyword === 'RUN' && isShellScript(model, instruction);
        if (joinable && previous && flagKey(previous) === flagKey(instruction)) {
          report(instruction, 'joinable', { line: previous.range.start.line + 1 });
        }
        previous = joinable ? instruction : undefined;
      }
    }
  },
};

/** The flags (mounts, network, security) as one comparable string. */
function flagKey(instruction: InstructionInfo): string {
  return JSON.stringify([...instruction.flags.entries()].map(([k, v]) => [k, [...v].sort()]).sort());
}

/**
 * True when the RUN is a shell script another RUN could be appended to: not an exec-form command
 * (the image may have no shell) and not a heredoc fed to another interpreter (`RUN <<EOF python3`).
 */
function isShellScript(model: DockerfileModel, instruction: InstructionInfo): boolean {
  if (instruction.jsonForm) {
    const [program = '', flag] = instruction.json ?? [];
    return SHELLS.test(program.slice(program.lastIndexOf('/') + 1)) && flag === '-c';
  }
  const heredocs = instruction.heredocNodes;
  if (heredocs.length === 0) return true;
  const head = splitShell((instruction.args.split('\n')[0] ?? '').replace(/<<-?\s*(["']?)[\w.-]+\1/g, ' '));
  if (head.some((c) => !SHELLS.test(programName(c)))) return false;
  // A shebang picks the interpreter: `#!/usr/bin/env python3` is not a shell script.
  const { lines } = model;
  return heredocs.every((h) => {
    const start = h.getContentRange()?.start.line;
    const shebang = start === undefined ? '' : (lines[start] ?? '');
    return !shebang.startsWith('#!') || /\b(ba|da|a|z|k)?sh\b/.test(shebang);
  });
}
