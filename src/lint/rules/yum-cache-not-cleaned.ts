import { appendToRun } from '../fix.js';
import type { Rule } from '../types.js';
import {
  RPM_FILLING_SUBCOMMANDS,
  RPM_VALUED_OPTIONS,
  rpmCacheDir,
  toolCommand,
  uncleanedCaches,
} from './support/package-managers.js';

const VALUED = RPM_VALUED_OPTIONS;
const FILLING = RPM_FILLING_SUBCOMMANDS;

/** `yum install` whose metadata and package cache is not cleaned in the same RUN. */
export const yumCacheNotCleaned: Rule<'cacheKept'> = {
  meta: {
    id: 'yum-cache-not-cleaned',
    severity: 'warning',
    category: 'size',
    aliases: ['DL3032'],
    // On EL 8 and later, yum is dnf and caches in /var/cache/dnf.
    paths: ['/var/cache/yum/**', '/var/cache/dnf/**'],
    description: '`yum install` runs without `yum clean all` in the same RUN.',
    messages: {
      cacheKept:
        '`yum {{sub}}` leaves the repository metadata in {{cache}} in this layer. Fix: end the same RUN with `&& yum clean all`.',
    },
    fixable: true,
  },
  check({ model, report }) {
    const found = uncleanedCaches(model, {
      fills: (c) => FILLING.has(toolCommand(c, ['yum'], VALUED)?.sub ?? ''),
      cleans: (c) => {
        const yum = toolCommand(c, ['yum'], VALUED);
        return yum?.sub === 'clean' && c.argv.slice(yum.index + 1).includes('all');
      },
      dirs: ['/var/cache/yum', '/var/cache/dnf'],
    });
    for (const { run, command } of found) {
      // On dnf-based images (Amazon Linux 2023, Fedora, EL 8+) yum is dnf and caches in /var/cache/dnf.
      const dir = rpmCacheDir(model, run.instruction, 'yum');
      // Worked out only when fixes are asked for (`docker-diet fix`).
      const fix = () => {
        const edit = appendToRun(model, run.instruction, ' && yum clean all');
        return edit && [edit];
      };
      report(
        run.instruction,
        'cacheKept',
        {
          sub: toolCommand(command, ['yum'], VALUED)?.sub ?? 'install',
          cache: dir ?? "yum's cache",
        },
        fix,
      );
    }
  },
};
