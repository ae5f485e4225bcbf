import type { Rule } from '../types.js';

/** `MAINTAINER` is deprecated; `LABEL org.opencontainers.image.authors=…` says the same. */
export const maintainerDeprecated: Rule<'deprecated'> = {
  meta: {
    id: 'maintainer-deprecated',
    severity: 'warning',
    category: 'correctness',
    aliases: ['MaintainerDeprecated', 'DL4000'],
    description: 'MAINTAINER is deprecated: use `LABEL org.opencontainers.image.authors=…`.',
    messages: {
      deprecated:
        'MAINTAINER is deprecated and only fills a legacy field of the image config that tools no longer read. Fix: `LABEL org.opencontainers.image.authors="{{value}}"`.',
    },
    fixable: true,
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'MAINTAINER') continue;
      const value = instruction.args.trim();
      // An empty MAINTAINER is a parse error the build reports itself.
      if (value === '') continue;
      const { start, end } = instruction.range;
      // Only a one-line value with nothing a quoted LABEL value would read differently gets a fix.
      const simple = start.line === end.line && !/["\\`$]/.test(value);
      const fix = simple
        ? [{ range: instruction.range, text: `LABEL org.opencontainers.image.authors="${value}"` }]
        : undefined;
      report(instruction, 'deprecated', { value: value.replace(/"/g, '\\"') }, fix);
    }
  },
};
