import type { Rule } from '../types.js';

/** Triggers Docker refuses to register. */
const FORBIDDEN = new Set(['ONBUILD', 'FROM', 'MAINTAINER']);

/** `ONBUILD ONBUILD …`, `ONBUILD FROM …`, `ONBUILD MAINTAINER …`: the builder rejects them. */
export const onbuildForbiddenTrigger: Rule<'forbidden'> = {
  meta: {
    id: 'onbuild-forbidden-trigger',
    severity: 'error',
    category: 'correctness',
    aliases: ['DL3043'],
    description: '`ONBUILD` registers an ONBUILD, FROM or MAINTAINER trigger, which the builder rejects.',
    messages: {
      forbidden:
        '`ONBUILD {{trigger}}` is refused by the builder ({{trigger}} cannot be an ONBUILD trigger), so the build stops at this line. Fix: remove it, or write the instruction without ONBUILD.',
    },
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'ONBUILD') continue;
      const trigger = instruction.trigger?.keyword;
      if (trigger && FORBIDDEN.has(trigger)) report(instruction, 'forbidden', { trigger });
    }
  },
};
