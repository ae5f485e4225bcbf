import { programName } from '../../dockerfile/shell.js';
import type { Rule } from '../types.js';

/** Both wget and curl in one stage: two tools for one job. */
export const wgetAndCurl: Rule<'both'> = {
  meta: {
    id: 'wget-and-curl',
    severity: 'warning',
    category: 'correctness',
    aliases: ['DL4001'],
    description: 'A stage runs both `wget` and `curl`.',
    messages: {
      both: 'This RUN uses `{{tool}}`, but the RUN at line {{line}} of this stage uses `{{other}}`: two download tools for one job, and often both installed. Fix: pick one of them for every download of the stage.',
    },
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      let first: { tool: string; line: number } | undefined;
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'RUN') continue;
        const tools = new Set(
          instruction.commands.map(programName).filter((p) => p === 'wget' || p === 'curl'),
        );
        if (tools.size === 0) continue;
        if (!first) {
          if (tools.size === 2) {
            report(instruction, 'both', { tool: 'curl', other: 'wget', line: line(instruction) });
            break;
          }
          first = { tool: [...tools][0] as string, line: line(instruction) };
          continue;
        }
        const other = [...tools].find((t) => t !== first?.tool);
        if (other) {
          report(instruction, 'both', { tool: other, other: first.tool, line: first.line });
          break;
        }
      }
    }
  },
};

function line(instruction: { range: { start: { line: number } } }): number {
  return instruction.range.start.line + 1;
}
