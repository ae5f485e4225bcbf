import type { Rule } from '../types.js';
import { badLabels, isSemver } from './support/label-values.js';

/** A label typed `semver` in the config's `label-schema` holds a value that is not a semantic version. */
export const labelNotSemver: Rule<'invalid'> = {
  meta: {
    id: 'label-not-semver',
    severity: 'warning',
    category: 'correctness',
    aliases: ['DL3056'],
    description: 'A label typed `semver` in `label-schema` is not a semantic version.',
    messages: {
      invalid:
        'The label `{{label}}` is `{{value}}`, which is not a semantic version. Fix: set it to a semantic version, e.g. `1.4.2` or `2.0.0-rc.1` (no `v` prefix).',
    },
  },
  check({ model, options, report }) {
    for (const label of badLabels(model, options, 'semver', isSemver)) {
      report(label.instruction, 'invalid', { label: label.name, value: label.value });
    }
  },
};
