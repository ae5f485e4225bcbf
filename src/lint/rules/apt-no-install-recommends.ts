import { runs } from '../../dockerfile/stages.js';
import type { Rule } from '../types.js';
import { hasOption, operands } from './support/argv.js';
import { aptCommand, aptConfigures, aptOptions } from './support/package-managers.js';

/** `apt-get install` without `--no-install-recommends`: recommended packages ship too. */
export const aptNoInstallRecommends: Rule<'recommends'> = {
  meta: {
    id: 'apt-no-install-recommends',
    severity: 'warning',
    category: 'size',
    aliases: ['DL3015'],
    description: '`apt-get install` runs without `--no-install-recommends`.',
    messages: {
      recommends:
        '`{{program}} install` also installs every recommended package (for python3-pip on Debian 12: 477 MB instead of 48 MB). Fix: `{{program}} install -y --no-install-recommends …` and name what you need.',
    },
  },
  check({ model, report }) {
    for (const run of runs(model, { shippedOnly: true })) {
      for (const command of run.commands) {
        const apt = aptCommand(command);
        if (apt?.sub !== 'install') continue;
        if (operands(command.argv, apt.valued, apt.index + 1).length === 0) continue;
        const off = ['--no-install-recommends', '--install-recommends=no', '--install-recommends=false'];
        if (hasOption(command.argv, off)) continue;
        if (aptOptions(command).some((o) => /^apt::install-recommends=(false|0|no|off)$/.test(o))) continue;
        if (aptConfigures(model, run, /APT::Install-Recommends/i)) continue;
        report(run.instruction, 'recommends', { program: apt.program });
      }
    }
  },
};
