import type { DockerfileModel, InstructionInfo } from '../../dockerfile/model.js';
import type { Rule, TextEdit } from '../types.js';

/** `COPY --from=0`: stage numbers break silently when a stage is added above; name the stages. */
export const numericStageReference: Rule<'named' | 'unnamed'> = {
  meta: {
    id: 'numeric-stage-reference',
    severity: 'info',
    category: 'correctness',
    aliases: [],
    description: 'COPY --from or RUN --mount from refers to a stage by number instead of by name.',
    messages: {
      named:
        '--from={{ref}} refers to stage {{ref}} by number; adding or reordering a stage silently changes what is copied. Fix: use its name: --from={{name}}.',
      unnamed:
        '--from={{ref}} refers to stage {{ref}} by number; adding or reordering a stage silently changes what is copied. Fix: name it (FROM {{image}} AS build) and use --from=build.',
    },
    fixable: true,
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      if (instruction.flags.size === 0) continue;
      const refs = [
        ...(instruction.flags.get('from') ?? []),
        ...(instruction.flags.get('mount') ?? []).map((m) => /(?:^|,)from=([^,]+)/.exec(m)?.[1] ?? ''),
      ];
      for (const ref of refs) {
        if (!/^\d+$/.test(ref)) continue;
        const stage = model.stages[Number(ref)];
        const name = stage?.name;
        if (name) {
          const fix = () => renameRefs(model, instruction, refs, ref, name);
          report(instruction, 'named', { ref, name }, fix);
        } else report(instruction, 'unnamed', { ref, image: stage?.from.image ?? '…' });
      }
    }
  },
};

/**
 * Edits replacing every `--from=<ref>` (and `from=<ref>` inside `--mount=…`) of the instruction with
 * the stage's name; undefined unless the source shows exactly as many of them as the flags hold.
 */
function renameRefs(
  model: DockerfileModel,
  instruction: InstructionInfo,
  refs: readonly string[],
  ref: string,
  name: string,
): TextEdit[] | undefined {
  const first = instruction.range.start.line;
  const lines = model.lines.slice(first, instruction.range.end.line + 1);
  const pattern = new RegExp(
    String.raw`(?:(?<=\s)--from=|(?<=\s--mount=\S*[=,])from=)(${ref})(?=[\s,]|$)`,
    'g',
  );
  const edits = lines.flatMap((line, i) =>
    [...line.matchAll(pattern)].map((m) => {
      const character = m.index + m[0].length - ref.length;
      return {
        range: {
          start: { line: first + i, character },
          end: { line: first + i, character: character + ref.length },
        },
        text: name,
      };
    }),
  );
  return edits.length === refs.filter((r) => r === ref).length ? edits : undefined;
}
