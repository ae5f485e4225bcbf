import type { Rule } from '../types.js';
import { badLabels, isGitHash } from './support/label-values.js';

/** A label typed `hash` in the config's `label-schema` holds a value that is not a git commit hash. */
export const labelNotGitHash: Rule<'invalid'> = {
  meta: {
    id: 'label-not-git-hash',
    severity: 'warning',
    category: 'correctness',
    aliases: ['DL3055'],
    description: 'A label typed `hash` in `label-schema` is not a git commit hash.',
    messages: {
      invalid:
        'The label `{{label}}` is `{{value}}`, which is not a git commit hash. Fix: set it to a commit hash: 40 (or 7) lower-case hex digits, e.g. from a build arg (`$GIT_COMMIT`).',
    },
  },
  check({ model, options, report }) {
    for (const label of badLabels(model, options, 'hash', isGitHash)) {
      report(label.instruction, 'invalid', { label: label.name, value: label.value });
    }
  },
};
