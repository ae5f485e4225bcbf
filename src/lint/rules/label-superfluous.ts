import { allLabels } from '../../dockerfile/labels.js';
import type { Rule } from '../types.js';

/** With `strict-labels: true`, a LABEL sets a label the config's `label-schema` does not name. */
export const labelSuperfluous: Rule<'superfluous'> = {
  meta: {
    id: 'label-superfluous',
    severity: 'info',
    category: 'correctness',
    aliases: ['DL3050'],
    description:
      'With `strict-labels: true`, a label is set that `label-schema` in the config does not name.',
    messages: {
      superfluous:
        'The label `{{label}}` is not in the label schema, and strict-labels allows no others. Fix: remove it, or add it to `label-schema` in the config file.',
    },
  },
  check({ model, options, report }) {
    const schema = options.labelSchema;
    // Without a schema there is nothing to be strict about: every label would be reported.
    if (!options.strictLabels || Object.keys(schema).length === 0) return;
    for (const label of allLabels(model)) {
      if (!Object.hasOwn(schema, label.name)) report(label.instruction, 'superfluous', { label: label.name });
    }
  },
};
