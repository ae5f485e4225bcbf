import type { Rule } from '../types.js';

const RESERVED = new Set(['scratch', 'context']);

/** `AS scratch` / `AS context`: names the builder gives their own meaning. */
export const reservedStageName: Rule<'reserved'> = {
  meta: {
    id: 'reserved-stage-name',
    severity: 'warning',
    category: 'correctness',
    aliases: ['ReservedStageName', 'DL3063'],
    description: 'A stage is named `scratch` or `context`, names the builder reserves.',
    messages: {
      reserved:
        '`{{name}}` is a reserved name: {{meaning}}, so naming a stage `{{name}}` makes `FROM {{name}}` / `--from={{name}}` ambiguous. Fix: pick another name, e.g. `{{name}}-stage`.',
    },
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      if (stage.name === undefined || !RESERVED.has(stage.name)) continue;
      const meaning =
        stage.name === 'scratch' ? '`scratch` is the empty base image' : '`context` is the build context';
      report(stage.fromInstruction, 'reserved', { name: stage.name, meaning });
    }
  },
};
