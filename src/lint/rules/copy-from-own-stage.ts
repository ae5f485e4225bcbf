import type { Rule } from '../types.js';

/** `COPY --from=build` inside the stage named build: a stage cannot copy from itself. */
export const copyFromOwnStage: Rule<'own'> = {
  meta: {
    id: 'copy-from-own-stage',
    severity: 'warning',
    category: 'correctness',
    aliases: ['DL3023'],
    description: '`COPY --from` names the stage it is in.',
    messages: {
      own: '`COPY --from={{ref}}` copies from the stage it is in: the stage does not exist yet while it is built, so the builder fails (circular dependency). Fix: copy from an earlier stage, or use a plain COPY / `RUN cp` inside the stage.',
    },
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'COPY') continue;
        for (const ref of instruction.flags.get('from') ?? []) {
          const lower = ref.toLowerCase();
          const byIndex = /^\d+$/.test(lower) && Number(lower) === stage.index;
          // A name an earlier stage also has resolves to that one (duplicate-stage-name's finding).
          const byName =
            stage.name === lower && !model.stages.some((s) => s.index < stage.index && s.name === lower);
          if (byIndex || byName) report(instruction, 'own', { ref });
        }
      }
    }
  },
};
