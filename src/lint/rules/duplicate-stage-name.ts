import type { Rule } from '../types.js';

/** Two stages with the same name: `--from=` and `--target` can only mean one of them. */
export const duplicateStageName: Rule<'duplicate'> = {
  meta: {
    id: 'duplicate-stage-name',
    severity: 'warning',
    category: 'correctness',
    aliases: ['DuplicateStageName', 'DL3024'],
    description: 'Two stages have the same name.',
    messages: {
      duplicate:
        'Stage name `{{name}}` is already used by the stage on line {{first}} (stage names are case-insensitive); `--from={{name}}`, `FROM {{name}}` and `--target {{name}}` can only mean one of them, and which one depends on the builder. Fix: rename one of them.',
    },
  },
  check({ model, report }) {
    const seen = new Map<string, number>();
    for (const stage of model.stages) {
      if (stage.name === undefined || stage.name.includes('$')) continue;
      const first = seen.get(stage.name);
      if (first === undefined) seen.set(stage.name, stage.fromInstruction.range.start.line + 1);
      else report(stage.fromInstruction, 'duplicate', { name: stage.name, first });
    }
  },
};
