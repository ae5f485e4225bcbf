import type { Rule } from '../types.js';
import { badLabels, isUrl } from './support/label-values.js';

/** A label typed `url` in the config's `label-schema` holds a value that is not a URL. */
export const labelNotUrl: Rule<'invalid'> = {
  meta: {
    id: 'label-not-url',
    severity: 'warning',
    category: 'correctness',
    aliases: ['DL3052'],
    description: 'A label typed `url` in `label-schema` is not a URL.',
    messages: {
      invalid:
        'The label `{{label}}` is `{{value}}`, which is not a URL. Fix: set it to an absolute URL, e.g. `https://github.com/my-org/app`.',
    },
  },
  check({ model, options, report }) {
    for (const label of badLabels(model, options, 'url', isUrl)) {
      report(label.instruction, 'invalid', { label: label.name, value: label.value });
    }
  },
};
