import type { Rule } from '../types.js';
import { badLabels, isRfc3339 } from './support/label-values.js';

/** A label typed `rfc3339` in the config's `label-schema` holds a value that is not an RFC 3339 date-time. */
export const labelNotRfc3339: Rule<'invalid'> = {
  meta: {
    id: 'label-not-rfc3339',
    severity: 'warning',
    category: 'correctness',
    aliases: ['DL3053'],
    description: 'A label typed `rfc3339` in `label-schema` is not an RFC 3339 date-time.',
    messages: {
      invalid:
        'The label `{{label}}` is `{{value}}`, which is not an RFC 3339 date-time. Fix: set it to an RFC 3339 date-time, e.g. `2024-05-01T12:00:00Z`, or a build arg (`$BUILD_DATE`) filled in at build time.',
    },
  },
  check({ model, options, report }) {
    for (const label of badLabels(model, options, 'rfc3339', isRfc3339)) {
      report(label.instruction, 'invalid', { label: label.name, value: label.value });
    }
  },
};
