import { appendToRun } from '../fix.js';
import type { Rule } from '../types.js';
import { toolCommand, uncleanedCaches, ZYPPER_VALUED_OPTIONS } from './support/package-managers.js';

const VALUED = ZYPPER_VALUED_OPTIONS;
// Subcommands (and their short aliases) that download repository metadata and packages.
const FILLING = new Set([
  'install',
  'in',
  'update',
  'up',
  'dist-upgrade',
  'dup',
  'patch',
  'refresh',
  'ref',
  'source-install',
  'si',
]);

/** `zypper install` whose cache is not cleaned in the same RUN. */
export const zypperCacheNotCleaned: Rule<'cacheKept'> = {
  meta: {
    id: 'zypper-cache-not-cleaned',
    severity: 'warning',
    category: 'size',
    aliases: ['DL3036'],
    paths: ['/var/cache/zypp/**'],
    description: '`zypper install` runs without `zypper clean` in the same RUN.',
    messages: {
      cacheKept:
        '`zypper {{sub}}` leaves the repository metadata and solver cache in /var/cache/zypp in this layer. Fix: end the same RUN with `&& zypper clean --all`.',
    },
    fixable: true,
  },
  check({ model, report }) {
    const found = uncleanedCaches(model, {
      fills: (c) => FILLING.has(toolCommand(c, ['zypper'], VALUED)?.sub ?? ''),
      cleans: (c) => ['clean', 'cc'].includes(toolCommand(c, ['zypper'], VALUED)?.sub ?? ''),
      dirs: ['/var/cache/zypp'],
    });
    for (const { run, command } of found) {
      // Worked out only when fixes are asked for (`docker-diet fix`).
      const fix = () => {
        const edit = appendToRun(model, run.instruction, ' && zypper clean --all');
        return edit && [edit];
      };
      report(
        run.instruction,
        'cacheKept',
        { sub: toolCommand(command, ['zypper'], VALUED)?.sub ?? 'install' },
        fix,
      );
    }
  },
};
