import { allLabels } from '../../dockerfile/labels.js';
import type { Rule } from '../types.js';

/** A label the config's `label-schema` names is set to an empty value. */
export const labelEmpty: Rule<'empty'> = {
  meta: {
    id: 'label-empty',
    severity: 'warning',
    category: 'correctness',
    aliases: ['DL3051'],
    description: 'A label that `label-schema` in the config names is set to an empty value.',
    messages: {
      empty: 'The label `{{label}}` is empty. Fix: give it a value, e.g. `LABEL {{label}}=<value>`.',
    },
  },
  check({ model, options, report }) {
    const schema = options.labelSchema;
    if (Object.keys(schema).length === 0) return;
    for (const label of allLabels(model)) {
      if (Object.hasOwn(schema, label.name) && label.value.trim() === '') {
        report(label.instruction, 'empty', { label: label.name });
      }
    }
  },
};
