import type { Rule } from '../types.js';
import { badLabels, isSpdx } from './support/label-values.js';

/** A label typed `spdx` in the config's `label-schema` holds a value that is not an SPDX license identifier or expression. */
export const labelNotSpdx: Rule<'invalid'> = {
  meta: {
    id: 'label-not-spdx',
    severity: 'warning',
    category: 'correctness',
    aliases: ['DL3054'],
    description: 'A label typed `spdx` in `label-schema` is not an SPDX license identifier or expression.',
    messages: {
      invalid:
        'The label `{{label}}` is `{{value}}`, which is not an SPDX license identifier or expression. Fix: set it to an SPDX license id or expression, e.g. `Apache-2.0` or `MIT OR Apache-2.0`.',
    },
  },
  check({ model, options, report }) {
    for (const label of badLabels(model, options, 'spdx', isSpdx)) {
      report(label.instruction, 'invalid', { label: label.name, value: label.value });
    }
  },
};
