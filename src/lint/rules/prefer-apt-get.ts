import type { ShellCommand } from '../../dockerfile/shell.js';
import { runs } from '../../dockerfile/stages.js';
import { renameProgram } from '../fix.js';
import type { Rule } from '../types.js';
import { aptCommand } from './support/package-managers.js';

// `apt` subcommands whose scriptable equivalent lives in apt-cache rather than apt-get.
const APT_CACHE = new Set(['search', 'show', 'showsrc', 'depends', 'rdepends', 'policy']);
/**
 * `apt` subcommands that `apt-get` runs the same way. Not `upgrade`: apt's installs new dependencies,
 * apt-get's holds those packages back.
 */
const SAME_IN_APT_GET = new Set([
  'install',
  'remove',
  'purge',
  'autoremove',
  'update',
  'clean',
  'autoclean',
  'dist-upgrade',
  'source',
  'build-dep',
  'download',
  'changelog',
  'satisfy',
]);

/** One flag per `apt … sub` command of the RUN (other `apt` commands are matched by their own sub). */
function sameSub(commands: readonly ShellCommand[], sub: string): boolean[] {
  return commands
    .filter((c) => aptCommand(c)?.program === 'apt' && aptCommand(c)?.sub === sub)
    .map(() => true);
}

/** `apt` in a RUN: its command line is meant for people, not scripts. */
export const preferAptGet: Rule<'preferAptGet' | 'preferAptGetOrCache'> = {
  meta: {
    id: 'prefer-apt-get',
    severity: 'warning',
    category: 'correctness',
    aliases: ['DL3027'],
    description: 'A RUN uses `apt` instead of `apt-get` / `apt-cache`.',
    messages: {
      preferAptGet:
        '{{commands}} in a RUN: apt is made for interactive use ("WARNING: apt does not have a stable CLI interface. Use with caution in scripts."), so its behaviour and output may change between releases and break the build. Fix: use `apt-get` with the same arguments.',
      preferAptGetOrCache:
        '{{commands}} in a RUN: apt is made for interactive use ("WARNING: apt does not have a stable CLI interface. Use with caution in scripts."), so its behaviour and output may change between releases and break the build. Fix: use `apt-get` (or `apt-cache` for search/show/policy) with the same arguments.',
    },
    fixable: true,
  },
  check({ model, report }) {
    for (const { instruction, commands } of runs(model)) {
      const uses = commands.filter((c) => aptCommand(c)?.program === 'apt');
      if (uses.length === 0) continue;
      const labels = [...new Set(uses.map((c) => `\`apt ${aptCommand(c)?.sub ?? ''}\``))].join(', ');
      const cache = uses.some((c) => APT_CACHE.has(aptCommand(c)?.sub ?? ''));
      // The fix renames `apt` only when apt-get's subcommand does the same; otherwise there is none.
      const subs = [...new Set(uses.map((c) => aptCommand(c)?.sub ?? ''))];
      const edits = subs.every((sub) => SAME_IN_APT_GET.has(sub))
        ? subs.map((sub) => renameProgram(model, instruction, 'apt', sub, sameSub(commands, sub), 'apt-get'))
        : [undefined];
      const fix = edits.every((e) => e !== undefined) ? edits.flat() : undefined;
      report(instruction, cache ? 'preferAptGetOrCache' : 'preferAptGet', { commands: labels }, fix);
    }
  },
};
