import type { Rule } from '../types.js';

/** An empty line inside a `\` continuation: deprecated, and BuildKit says it will become an error. */
export const noEmptyContinuation: Rule<'emptyLine'> = {
  meta: {
    id: 'no-empty-continuation',
    severity: 'warning',
    category: 'correctness',
    aliases: ['NoEmptyContinuation'],
    description: 'An empty line inside a line continuation.',
    messages: {
      emptyLine:
        'Line {{line}} is empty inside the continuation of this {{keyword}}: the builder skips it today, but empty continuation lines are deprecated and will become an error. It also hides where the instruction ends. Fix: delete the empty line (a `#` comment line is allowed there).',
    },
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      const { start, end } = instruction.range;
      if (end.line === start.line) continue;
      // Heredoc bodies are data: from the line that opens the first heredoc on, the lines are its.
      const opened = instruction.heredocNodes[0]?.getStartRange().start.line;
      const last = opened === undefined ? end.line : Math.min(end.line, opened);
      for (let line = start.line + 1; line <= last; line += 1) {
        const text = model.lines[line];
        if (text === undefined || text.trim() !== '') continue;
        report(instruction, 'emptyLine', { line: line + 1, keyword: instruction.node.getInstruction() });
        break;
      }
    }
  },
};
