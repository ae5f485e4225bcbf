import { resolveStageRef } from '../../dockerfile/model.js';
import { rootStage, shippedStages } from '../../dockerfile/stages.js';
import type { Rule } from '../types.js';
import { adviseBaseImage } from './support/base-images.js';
import { copyArgs } from './support/copy-paths.js';

/** `COPY --from=build / /`: the other stage's whole OS lands on top of this stage's own OS. */
export const copyWholeStageFilesystem: Rule<'wholeStage' | 'wholeImage'> = {
  meta: {
    id: 'copy-whole-stage-filesystem',
    severity: 'warning',
    category: 'size',
    aliases: [],
    description:
      'COPY --from copies the root of another stage or image, duplicating a whole base filesystem.',
    messages: {
      wholeStage:
        "`COPY --from={{ref}} /` copies the whole filesystem of stage `{{ref}}`, including its base image {{base}}{{size}}, on top of this stage's own base: the OS files are stored twice and the build leftovers ship too. Fix: copy only the artifacts (`COPY --from={{ref}} /out/app /usr/local/bin/app`), or build this stage `FROM {{ref}}`.",
      wholeImage:
        "`COPY --from={{ref}} /` copies the whole filesystem of the image {{ref}}{{size}}, on top of this stage's own base: the OS files are stored twice and the build leftovers ship too. Fix: copy only the artifacts (`COPY --from={{ref}} /out/app /usr/local/bin/app`), or build this stage `FROM {{ref}}`.",
    },
  },
  check({ model, report }) {
    const shipped = shippedStages(model);
    for (const stage of model.stages) {
      // FROM scratch + COPY --from=x / / is the "squash" pattern: nothing is duplicated.
      if (!shipped.has(stage.index) || rootStage(model, stage).from.name === 'scratch') continue;
      for (const instruction of stage.instructions) {
        const ref = instruction.keyword === 'COPY' ? instruction.flags.get('from')?.[0] : undefined;
        const args = ref === undefined ? undefined : copyArgs(instruction);
        if (!ref || !args?.sources.some((s) => /^\/+\.?\/*$/.test(s))) continue;
        const index = resolveStageRef(model, ref, stage.index);
        const source = index === undefined ? undefined : model.stages[index];
        // A stage built on scratch holds only what was copied into it: copying its root is fine.
        const base = source ? rootStage(model, source).from : undefined;
        if (base?.name === 'scratch' || base?.hasVariable || (!source && ref.includes('$'))) continue;
        const advice = base ? adviseBaseImage(base) : undefined;
        const size = advice ? ` (${advice.size})` : '';
        if (source) report(instruction, 'wholeStage', { ref, base: `${base?.image}`, size });
        else report(instruction, 'wholeImage', { ref, size });
      }
    }
  },
};
