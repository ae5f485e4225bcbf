import { appendToRun } from '../fix.js';
import type { Rule } from '../types.js';
import { aptCommand, uncleanedCaches } from './support/package-managers.js';

/** `apt-get update` whose package lists are not deleted in the same RUN. */
export const aptListsNotRemoved: Rule<'listsKept'> = {
  meta: {
    id: 'apt-lists-not-removed',
    severity: 'warning',
    category: 'size',
    aliases: ['DL3009'],
    paths: ['/var/lib/apt/lists/**'],
    description: 'A RUN runs `apt-get update` but does not delete /var/lib/apt/lists/* in the same RUN.',
    messages: {
      listsKept:
        '`{{program}} update` leaves the apt package lists (/var/lib/apt/lists) in this layer. Fix: end the same RUN with `&& rm -rf /var/lib/apt/lists/*`, or mount a cache: `RUN --mount=type=cache,target=/var/lib/apt/lists …`.',
    },
    fixable: true,
  },
  check({ model, report }) {
    const found = uncleanedCaches(model, {
      fills: (c) => aptCommand(c)?.sub === 'update',
      // apt 2.7+ (Debian 13, Ubuntu 24.04) deletes the lists itself with `distclean`.
      cleans: (c) => ['distclean', 'dist-clean'].includes(aptCommand(c)?.sub ?? ''),
      dirs: ['/var/lib/apt/lists'],
    });
    for (const { run, command } of found) {
      // The fix: the advised `rm` at the end of the RUN, where nothing after it can refill the lists.
      const fix = appendToRun(model, run.instruction, ' && rm -rf /var/lib/apt/lists/*');
      report(
        run.instruction,
        'listsKept',
        { program: aptCommand(command)?.program ?? 'apt-get' },
        fix && [fix],
      );
    }
  },
};
