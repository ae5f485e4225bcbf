import type { InstructionInfo } from '../../dockerfile/model.js';
import type { Rule } from '../types.js';
import { INSTRUCTION_KEYWORDS } from '../../dockerfile/instruction.js';

/** Keywords in mixed case (`RUN` and `run` in one file): the minority is reported. */
export const consistentInstructionCasing: Rule<'minority'> = {
  meta: {
    id: 'consistent-instruction-casing',
    severity: 'info',
    category: 'correctness',
    aliases: ['ConsistentInstructionCasing'],
    description: 'Instruction keywords are not all written in the same case.',
    messages: {
      minority:
        '`{{keyword}}` is not in the case of most instructions of this file ({{casing}}). Fix: `{{expected}}`.',
    },
  },
  check({ model, report }) {
    const all: InstructionInfo[] = [];
    for (const instruction of model.instructions) {
      // A stray word read as a keyword (a line after a missing `\`) is dockerfile-syntax's finding.
      if (INSTRUCTION_KEYWORDS.has(instruction.keyword)) all.push(instruction);
      if (instruction.trigger && INSTRUCTION_KEYWORDS.has(instruction.trigger.keyword))
        all.push(instruction.trigger);
    }
    let upper = 0;
    let lower = 0;
    for (const i of all) {
      const k = i.written;
      if (k === k.toUpperCase()) upper += 1;
      else if (k === k.toLowerCase()) lower += 1;
    }
    if (upper + lower === 0) return;
    // As BuildKit: upper case wins a tie.
    const toLower = lower > upper;
    for (const i of all) {
      const keyword = i.written;
      const expected = toLower ? keyword.toLowerCase() : keyword.toUpperCase();
      if (keyword === expected) continue;
      report(i, 'minority', { keyword, expected, casing: toLower ? 'lower case' : 'upper case' });
    }
  },
};
