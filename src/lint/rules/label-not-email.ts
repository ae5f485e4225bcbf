import type { Rule } from '../types.js';
import { badLabels, isEmail } from './support/label-values.js';

/** A label typed `email` in the config's `label-schema` holds a value that is not an email address. */
export const labelNotEmail: Rule<'invalid'> = {
  meta: {
    id: 'label-not-email',
    severity: 'warning',
    category: 'correctness',
    aliases: ['DL3058'],
    description: 'A label typed `email` in `label-schema` is not an email address.',
    messages: {
      invalid:
        'The label `{{label}}` is `{{value}}`, which is not an email address. Fix: set it to an RFC 5322 address such as `team@example.com`, without a display name.',
    },
  },
  check({ model, options, report }) {
    for (const label of badLabels(model, options, 'email', isEmail)) {
      report(label.instruction, 'invalid', { label: label.name, value: label.value });
    }
  },
};
