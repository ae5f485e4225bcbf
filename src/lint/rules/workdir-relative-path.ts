import { instructionsBefore } from '../../dockerfile/stages.js';
import type { Rule } from '../types.js';

/** A relative WORKDIR before any WORKDIR in the stage: it rests on the base image's WORKDIR. */
export const workdirRelativePath: Rule<'relative' | 'tilde'> = {
  meta: {
    id: 'workdir-relative-path',
    severity: 'warning',
    category: 'correctness',
    aliases: ['WorkdirRelativePath', 'DL3000'],
    description: 'A relative WORKDIR with no WORKDIR before it: it depends on the base image’s WORKDIR.',
    messages: {
      relative:
        '`WORKDIR {{path}}` is relative, and no WORKDIR before it in this stage sets the directory it starts from, so it lands under whatever WORKDIR the base image has, which can change with the image. Fix: `WORKDIR /{{path}}` or the absolute path you mean.',
      tilde:
        "`WORKDIR {{path}}` does not mean the home directory: WORKDIR does not expand `~`, so this creates a directory named `~` under whatever WORKDIR the base image has. Fix: write the home directory's absolute path (`WORKDIR /home/<user>/…`).",
    },
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'WORKDIR') continue;
        const path = instruction.args.trim();
        // Absolute (Unix or Windows), empty, or a variable whose value is unknown here: silent.
        if (path === '' || path === '.' || path.includes('$') || /^([/\\]|[A-Za-z]:)/.test(path)) continue;
        // `"app"` is read without its quotes; anything quoted stranger is left alone.
        if (/["'\s]/.test(path)) continue;
        const earlier = instructionsBefore(model, instruction).some((i) => i.keyword === 'WORKDIR');
        if (!earlier)
          report(instruction, path.startsWith('~') ? 'tilde' : 'relative', {
            path: path.replace(/^\.\//, ''),
          });
        // Only the first WORKDIR of a stage chain can rest on the base image's directory.
        break;
      }
    }
  },
};
