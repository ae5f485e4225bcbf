import type { Rule } from '../types.js';
import { INSTRUCTION_KEYWORDS } from '../../dockerfile/instruction.js';

/** `RUN …` above the first FROM: only ARG may come before it, the builder rejects anything else. */
export const instructionBeforeFrom: Rule<'beforeFrom'> = {
  meta: {
    id: 'instruction-before-from',
    severity: 'warning',
    category: 'correctness',
    aliases: ['DL3061'],
    description: 'An instruction other than ARG comes before the first FROM.',
    messages: {
      beforeFrom:
        '`{{keyword}}` comes before the first FROM: only ARG (and parser directives and comments) may, so the builder stops with "no build stage in current context". Fix: move it below a FROM.',
    },
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      if (instruction.stage !== -1) break;
      if (instruction.keyword === 'ARG' || !INSTRUCTION_KEYWORDS.has(instruction.keyword)) continue;
      report(instruction, 'beforeFrom', { keyword: instruction.written });
    }
  },
};
