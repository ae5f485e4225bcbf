import { runs } from '../../dockerfile/stages.js';
import type { Rule } from '../types.js';
import { aptCommand } from './support/package-managers.js';

// `apt` subcommands whose scriptable equivalent lives in apt-cache rather than apt-get.
const APT_CACHE = new Set(['search', 'show', 'showsrc', 'depends', 'rdepends', 'policy']);

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
  },
  check({ model, report }) {
    for (const { instruction, commands } of runs(model)) {
      const uses = commands.filter((c) => aptCommand(c)?.program === 'apt');
      if (uses.length === 0) continue;
      const labels = [...new Set(uses.map((c) => `\`apt ${aptCommand(c)?.sub ?? ''}\``))].join(', ');
      const cache = uses.some((c) => APT_CACHE.has(aptCommand(c)?.sub ?? ''));
      report(instruction, cache ? 'preferAptGetOrCache' : 'preferAptGet', { commands: labels });
    }
  },
};
