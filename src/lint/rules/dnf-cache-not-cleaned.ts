import { appendToRun } from '../fix.js';
import type { Rule } from '../types.js';
import {
  RPM_FILLING_SUBCOMMANDS,
  RPM_VALUED_OPTIONS,
  rpmCacheDir,
  toolCommand,
  uncleanedCaches,
} from './support/package-managers.js';

const PROGRAMS = ['dnf', 'dnf5', 'dnf-3', 'microdnf'];
const VALUED = RPM_VALUED_OPTIONS;
const FILLING = RPM_FILLING_SUBCOMMANDS;

/** `dnf install` / `microdnf install` whose cache is not cleaned in the same RUN. */
export const dnfCacheNotCleaned: Rule<'cacheKept'> = {
  meta: {
    id: 'dnf-cache-not-cleaned',
    severity: 'warning',
    category: 'size',
    aliases: ['DL3040'],
    // dnf5 (Fedora 41+) caches in /var/cache/libdnf5, microdnf in /var/cache/yum.
    paths: ['/var/cache/dnf/**', '/var/cache/libdnf5/**', '/var/cache/yum/**'],
    description: '`dnf install` or `microdnf install` runs without `dnf clean all` in the same RUN.',
    messages: {
      cacheKept:
        '`{{program}} {{sub}}` leaves the repository metadata in {{cache}} in this layer. Fix: end the same RUN with `&& {{program}} clean all`.',
    },
    fixable: true,
  },
  check({ model, report }) {
    const found = uncleanedCaches(model, {
      fills: (c) => FILLING.has(toolCommand(c, PROGRAMS, VALUED)?.sub ?? ''),
      cleans: (c) => {
        const dnf = toolCommand(c, PROGRAMS, VALUED);
        return dnf?.sub === 'clean' && c.argv.slice(dnf.index + 1).includes('all');
      },
      dirs: ['/var/cache/dnf', '/var/cache/libdnf5', '/var/cache/yum'],
    });
    for (const { run, command } of found) {
      const dnf = toolCommand(command, PROGRAMS, VALUED);
      const program = dnf?.program ?? 'dnf';
      // `dnf` is dnf5 (/var/cache/libdnf5) from Fedora 41; the base image tells which, else no path.
      const cache = rpmCacheDir(model, run.instruction, program) ?? `${program}'s cache`;
      // Worked out only when fixes are asked for (`docker-diet fix`).
      const fix = () => {
        const edit = appendToRun(model, run.instruction, ` && ${program} clean all`);
        return edit && [edit];
      };
      report(run.instruction, 'cacheKept', { program, sub: dnf?.sub ?? 'install', cache }, fix);
    }
  },
};
