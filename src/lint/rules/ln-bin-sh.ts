import { programName } from '../../dockerfile/shell.js';
import type { Rule } from '../types.js';
import { operands } from './support/argv.js';

/** `ln -sf /bin/bash /bin/sh`: replacing the system shell where SHELL picks the shell of RUN. */
export const lnBinSh: Rule<'relink'> = {
  meta: {
    id: 'ln-bin-sh',
    severity: 'warning',
    category: 'correctness',
    aliases: ['DL4005'],
    description: 'A RUN re-links /bin/sh to change the shell, where the SHELL instruction belongs.',
    messages: {
      relink:
        'This RUN replaces /bin/sh with a link: every script and package hook of the image that expects the system shell now gets another one. Fix: `SHELL ["/bin/bash", "-c"]` changes the shell of the following RUNs only.',
    },
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'RUN') continue;
      const relinks = instruction.commands.some((c) => {
        if (programName(c) !== 'ln') return false;
        // The link made is the last operand: `ln -sf /bin/bash /bin/sh` replaces the system shell;
        // `ln -s /bin/sh /usr/local/bin/sh` only points somewhere else at it.
        const words = operands(c.argv, { long: ['--target-directory', '--suffix'], short: 'tS' });
        return words.length >= 2 && /^\/(usr\/)?bin\/sh$/.test(words[words.length - 1] as string);
      });
      if (relinks) report(instruction, 'relink');
    }
  },
};
