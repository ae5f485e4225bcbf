import type { Rule } from '../types.js';
import { insertAfterSubcommand } from '../fix.js';
import { hasOption } from './support/argv.js';
import { apkCommand, uncleanedCaches } from './support/package-managers.js';

/** `apk add` without `--no-cache`: the package index stays in /var/cache/apk. */
export const apkNoCache: Rule<'noCache'> = {
  meta: {
    id: 'apk-no-cache',
    severity: 'warning',
    category: 'size',
    aliases: ['DL3019'],
    paths: ['/var/cache/apk/**'],
    description: '`apk add` runs without `--no-cache` and the same RUN does not clear /var/cache/apk.',
    messages: {
      noCache:
        '`apk add` without `--no-cache` leaves the downloaded package index (APKINDEX, a few MB) in /var/cache/apk in this layer. Fix: `apk add --no-cache …` (no `apk update` needed), or end the same RUN with `&& rm -rf /var/cache/apk/*`.',
    },
    fixable: true,
  },
  check({ model, report }) {
    const found = uncleanedCaches(model, {
      fills: (c) => apkCommand(c)?.sub === 'add' && !hasOption(c.argv, ['--no-cache']),
      cleans: () => false,
      // /etc/apk/cache is where apk keeps packages when a cache is enabled (often a cache mount).
      dirs: ['/var/cache/apk', '/etc/apk/cache'],
    });
    for (const { run } of found) {
      // The fix: `--no-cache` after each `apk add` of the RUN that lacks it.
      const adds = run.commands.filter((c) => apkCommand(c)?.sub === 'add');
      const wanted = adds.map((c) => !hasOption(c.argv, ['--no-cache']));
      const fix = insertAfterSubcommand(model, run.instruction, 'apk', 'add', wanted, ' --no-cache');
      report(run.instruction, 'noCache', undefined, fix);
    }
  },
};
