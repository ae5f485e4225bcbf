import type { ShellCommand } from '../../dockerfile/shell.js';
import type { Rule } from '../types.js';
import { insertAfterSubcommand } from '../fix.js';
import { hasOption } from './support/argv.js';
import { apkCommand, uncleanedCaches } from './support/package-managers.js';

// apk subcommands that fetch the package index (and keep it in /var/cache/apk unless told not to).
const FETCHING = new Set(['add', 'update', 'upgrade']);

/** True for an apk command that fetches the index and keeps it: not `--no-cache`, not `--no-network`. */
function keepsIndex(command: ShellCommand, subs: ReadonlySet<string> = FETCHING): boolean {
  const apk = apkCommand(command);
  if (!apk || !subs.has(apk.sub)) return false;
  // `--no-network` installs from what is already on disk (so: deps of built files, local .apk files).
  return !hasOption(command.argv, ['--no-cache', '--no-network'], '', apk.valued);
}

/** `apk add` / `apk update` without `--no-cache`: the package index stays in /var/cache/apk. */
export const apkNoCache: Rule<'noCache' | 'updateKept'> = {
  meta: {
    id: 'apk-no-cache',
    severity: 'warning',
    category: 'size',
    aliases: ['DL3019'],
    paths: ['/var/cache/apk/**'],
    description:
      '`apk add` or `apk update` runs without `--no-cache` and the same RUN does not clear /var/cache/apk.',
    messages: {
      noCache:
        '`apk {{sub}}` without `--no-cache` leaves the downloaded package index (APKINDEX) in /var/cache/apk in this layer. Fix: `apk {{sub}} --no-cache …` (no `apk update` needed), or end the same RUN with `&& rm -rf /var/cache/apk/*`.',
      updateKept:
        '`apk update` stores the package index (APKINDEX) in /var/cache/apk in this layer, although the `apk add` calls of this RUN use `--no-cache`. Fix: drop `apk update` (`apk add --no-cache` fetches a fresh index itself), or end the same RUN with `&& rm -rf /var/cache/apk/*`.',
    },
    fixable: true,
  },
  check({ model, report }) {
    const found = uncleanedCaches(model, {
      fills: (c) => keepsIndex(c),
      cleans: () => false,
      // /etc/apk/cache is where apk keeps packages when a cache is enabled (often a cache mount).
      dirs: ['/var/cache/apk', '/etc/apk/cache'],
    });
    for (const { run } of found) {
      const adds = run.commands.filter((c) => apkCommand(c)?.sub === 'add');
      const first = run.commands.find((c) => keepsIndex(c, new Set(['add', 'upgrade'])));
      if (!first) {
        // Only `apk update` keeps the index; removing it is the fix, which is not a safe edit to make.
        report(run.instruction, 'updateKept');
        continue;
      }
      // The fix: `--no-cache` after each `apk add` that lacks it, when nothing else keeps the index.
      const others = run.commands.some((c) => keepsIndex(c) && apkCommand(c)?.sub !== 'add');
      const wanted = adds.map((c) => keepsIndex(c));
      const fix = () =>
        others
          ? undefined
          : insertAfterSubcommand(model, run.instruction, 'apk', 'add', wanted, ' --no-cache');
      report(run.instruction, 'noCache', { sub: apkCommand(first)?.sub ?? 'add' }, fix);
    }
  },
};
