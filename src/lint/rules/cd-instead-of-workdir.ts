import { cdTarget } from '../../dockerfile/workdir.js';
import type { Rule } from '../types.js';

/** `RUN cd /app && make`: a RUN that starts by changing directory, where WORKDIR says it once. */
export const cdInsteadOfWorkdir: Rule<'useWorkdir'> = {
  meta: {
    id: 'cd-instead-of-workdir',
    severity: 'warning',
    category: 'correctness',
    aliases: ['DL3003'],
    description: 'A RUN starts with `cd dir &&` before its other commands, where WORKDIR belongs.',
    messages: {
      useWorkdir:
        'This RUN starts with `cd {{dir}}`, which lasts only for this RUN: the next RUN, COPY or CMD starts again in the previous directory, and a reader has to track where each command runs. Fix: `WORKDIR {{dir}}` before the RUN, and drop the `cd`.',
    },
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'RUN' || instruction.jsonForm || instruction.heredocs.length > 0) continue;
      const [first, second] = instruction.commands;
      if (!first || !second) continue;
      // Only a `cd` written first at the top level: `(cd x && make)` and `sh -c 'cd x …'` are scoped on purpose.
      if (!/^cd\s/.test(instruction.args.trimStart())) continue;
      const dir = cdTarget(first);
      // `cd -`, `cd` (home) and variables other than plain ones: WORKDIR cannot say them the same way.
      if (dir === undefined || dir === '-' || dir === '~' || dir.startsWith('~')) continue;
      // A scratch folder for a build the RUN cleans up: later instructions must not run there.
      if (/^\/(var\/)?tmp(\/|$)/.test(dir)) continue;
      if (second.joinedBy !== '&&' && second.joinedBy !== ';') continue;
      report(instruction, 'useWorkdir', { dir });
    }
  },
};
