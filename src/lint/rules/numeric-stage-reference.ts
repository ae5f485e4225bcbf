import type { Rule } from '../types.js';

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
        if (stage?.name) report(instruction, 'named', { ref, name: stage.name });
        else report(instruction, 'unnamed', { ref, image: stage?.from.image ?? '…' });
      }
    }
  },
};
