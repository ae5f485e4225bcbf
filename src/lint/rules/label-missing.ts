import { stageLabels } from '../../dockerfile/labels.js';
import { stageChain, stageDependencies } from '../../dockerfile/stages.js';
import type { Rule } from '../types.js';

/**
 * A label the config's `label-schema` names is set nowhere in an image this file can build: the last
 * stage, and any other stage no later stage builds on or copies from (a `--target` candidate).
 * Labels of the stages it is built FROM count; labels of the base image are not known here.
 */
export const labelMissing: Rule<'missing'> = {
  meta: {
    id: 'label-missing',
    severity: 'info',
    category: 'correctness',
    aliases: ['DL3049'],
    description:
      'A label that `label-schema` in the config requires is not set in a stage that can be built.',
    messages: {
      missing:
        'The image of this stage has no `{{label}}` label, which the label schema requires. Fix: add `LABEL {{label}}=<value>` to the stage.',
    },
  },
  check({ model, options, report }) {
    const required = Object.keys(options.labelSchema);
    if (required.length === 0) return;
    const used = new Set(model.stages.flatMap((s) => [...stageDependencies(model, s)]));
    for (const stage of model.stages) {
      if (used.has(stage.index)) continue;
      const set = new Set(stageLabels(stageChain(model, stage)).map((l) => l.name));
      for (const label of required) {
        if (!set.has(label)) report(stage.fromInstruction, 'missing', { label });
      }
    }
  },
};
