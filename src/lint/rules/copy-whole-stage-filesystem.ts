import { splitImageReference } from '../../dockerfile/image-reference.js';
import { type FromInfo, resolveStageRef } from '../../dockerfile/model.js';
import { rootStage, shippedStages, stageChain } from '../../dockerfile/stages.js';
import type { Rule } from '../types.js';
import { fittingSize, holdsOs } from './support/base-images.js';
import { copyArgs } from './support/copy-paths.js';

/** `COPY --from=build / /`: the other stage's whole OS lands on top of this stage's own OS. */
export const copyWholeStageFilesystem: Rule<'wholeStage' | 'wholeImage'> = {
  meta: {
    id: 'copy-whole-stage-filesystem',
    severity: 'warning',
    category: 'size',
    aliases: ['DL3067'],
    description:
      'COPY --from copies the root of another stage or image, duplicating a whole base filesystem.',
    messages: {
      wholeStage:
        "`COPY --from={{ref}} /` copies the whole filesystem of stage `{{ref}}`, with its base image {{base}}{{size}}, over this stage's own base, so a second OS and the build leftovers ship. Fix: copy only the files this image needs (`COPY --from={{ref}} <path> <dest>`), or build this stage `FROM {{ref}}`.",
      wholeImage:
        "`COPY --from={{ref}} /` copies the whole filesystem of the image {{ref}}{{size}} over this stage's own base, so a second OS ships. Fix: copy only the files this image needs (`COPY --from={{ref}} <path> <dest>`), or build this stage `FROM {{ref}}`.",
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
        const base = source ? rootStage(model, source).from : imageFrom(ref);
        if (!base || base.name === 'scratch' || base.hasVariable) continue;
        // An image may be a scratch-based carrier of a few files (an s6-overlay rootfs, a tool image
        // such as tonistiigi/xx): only images known to hold an OS are reported, or stages that RUN
        // something (a RUN needs a shell, so that stage has an OS userland).
        const runs = source
          ? stageChain(model, source).some((s) => s.instructions.some((i) => i.keyword === 'RUN'))
          : false;
        if (!holdsOs(base) && !runs) continue;
        const fitting = fittingSize(base);
        const size = fitting ? ` (${fitting})` : '';
        if (source) report(instruction, 'wholeStage', { ref, base: base.image, size });
        else report(instruction, 'wholeImage', { ref, size });
      }
    }
  },
};

/** The FromInfo of an image reference written in `--from` (no ARG expansion); undefined with variables. */
function imageFrom(ref: string): FromInfo | undefined {
  if (ref.includes('$')) return undefined;
  const parts = splitImageReference(ref);
  const repository = parts.repository.startsWith('library/')
    ? parts.repository.slice('library/'.length)
    : parts.repository;
  return {
    image: ref,
    registry: parts.registry,
    name: repository.toLowerCase(),
    tag: parts.tag,
    digest: parts.digest,
    hasVariable: false,
  };
}
