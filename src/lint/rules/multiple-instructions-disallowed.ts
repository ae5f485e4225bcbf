import type { InstructionInfo } from '../../dockerfile/model.js';
import type { Rule } from '../types.js';

const ONCE = new Set(['CMD', 'ENTRYPOINT', 'HEALTHCHECK']);

/** A second CMD, ENTRYPOINT or HEALTHCHECK in a stage: the earlier one has no effect. */
export const multipleInstructionsDisallowed: Rule<'overridden'> = {
  meta: {
    id: 'multiple-instructions-disallowed',
    severity: 'warning',
    category: 'correctness',
    aliases: ['MultipleInstructionsDisallowed', 'DL4003', 'DL4004', 'DL3012'],
    description: 'A stage has more than one CMD, ENTRYPOINT or HEALTHCHECK: only the last takes effect.',
    messages: {
      overridden:
        'This {{keyword}} has no effect: the {{keyword}} at line {{line}} of the same stage replaces it, as only the last {{keyword}} of a stage counts. Fix: delete this one, or merge it into the last.',
    },
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      const last = new Map<string, InstructionInfo>();
      for (const instruction of stage.instructions) {
        if (!ONCE.has(instruction.keyword)) continue;
        const earlier = last.get(instruction.keyword);
        if (earlier)
          report(earlier, 'overridden', {
            keyword: instruction.keyword,
            line: instruction.range.start.line + 1,
          });
        last.set(instruction.keyword, instruction);
      }
    }
  },
};
