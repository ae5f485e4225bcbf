import { stripQuotes } from '../../dockerfile/instruction-text.js';
import { instructionsBefore } from '../../dockerfile/stages.js';
import type { Rule } from '../types.js';
import { copyArgs } from './support/copy-paths.js';

/** `COPY app.py .` in a stage that never sets a WORKDIR: the files land in the base image's directory. */
export const copyRelativeDestNoWorkdir: Rule<'noWorkdir'> = {
  meta: {
    id: 'copy-relative-dest-no-workdir',
    severity: 'warning',
    category: 'correctness',
    aliases: ['DL3045'],
    description: 'COPY to a relative destination in a stage where no WORKDIR is set.',
    messages: {
      noWorkdir:
        '`COPY … {{dest}}` is relative, and no WORKDIR is set in this stage or the stages it is built FROM, so the files land under whatever WORKDIR the base image has (`/` for most, something else for others, and it can change with a new tag). Fix: `WORKDIR /app` (the directory you mean) before the COPY, or an absolute destination.',
    },
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      for (const instruction of stage.instructions) {
        if (instruction.keyword === 'WORKDIR') break; // every COPY after it is anchored
        if (instruction.keyword !== 'COPY') continue;
        const args = copyArgs(instruction);
        if (!args) continue;
        const dest = stripQuotes(args.dest);
        // Absolute (Unix or Windows) or a variable: silent.
        if (dest === '' || dest.startsWith('/') || dest.includes('$') || /^[A-Za-z]:[\\/]/.test(dest))
          continue;
        if (instructionsBefore(model, instruction).some((i) => i.keyword === 'WORKDIR')) break;
        report(instruction, 'noWorkdir', { dest });
      }
    }
  },
};
