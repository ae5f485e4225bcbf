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
    fixable: true,
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      const { start, end } = instruction.range;
      if (end.line === start.line) continue;
      // Heredoc bodies are data: from the line that opens the first heredoc on, the lines are its.
      const opened = instruction.heredocNodes[0]?.getStartRange().start.line;
      const last = opened === undefined ? end.line : Math.min(end.line, opened);
      const empty: number[] = [];
      let content = start.line;
      for (let line = start.line + 1; line <= last; line += 1) {
        const text = model.lines[line];
        if (text === undefined) continue;
        if (text.trim() === '') empty.push(line);
        else content = line;
      }
      const first = empty[0];
      if (first === undefined) continue;
      // The fix deletes the empty lines, which the builder skips anyway. Empty lines after the last
      // written one (a `\` at the end of the instruction) get none: there the `\` is the problem.
      const fix = empty.some((l) => l > content)
        ? undefined
        : empty.map((l) => ({
            range: { start: { line: l, character: 0 }, end: { line: l + 1, character: 0 } },
            text: '',
          }));
      report(instruction, 'emptyLine', { line: first + 1, keyword: instruction.written }, fix);
    }
  },
};
