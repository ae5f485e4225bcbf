import { programName } from '../../dockerfile/shell.js';
import { runs } from '../../dockerfile/stages.js';
import { insertAfterSubcommand } from '../fix.js';
import type { Rule } from '../types.js';
import { countShort, hasOption } from './support/argv.js';
import { aptCommand, aptConfigures, aptOptions, aptSimulates } from './support/package-managers.js';

// Subcommands that stop at "Do you want to continue? [Y/n]" when they change more than asked.
const PROMPTING = new Set(['install', 'upgrade', 'dist-upgrade', 'full-upgrade']);
const YES = ['--yes', '--assume-yes', '--force-yes', '--assume-no', '--trivial-only'];

/** `apt-get install` without `-y`: the build aborts at apt's confirmation prompt. */
export const aptGetMissingY: Rule<'missingY'> = {
  meta: {
    id: 'apt-get-missing-y',
    severity: 'warning',
    category: 'correctness',
    aliases: ['DL3014'],
    description: '`apt-get install` runs without `-y`, so it cannot answer its confirmation prompt.',
    messages: {
      missingY:
        '`{{program}} {{sub}}` has no `-y`: as soon as it pulls in a dependency, apt asks "Do you want to continue? [Y/n]", reads no answer and aborts the build. Fix: `{{program}} {{sub}} -y …`.',
    },
    fixable: true,
  },
  check({ model, report }) {
    for (const run of runs(model)) {
      const { instruction, commands } = run;
      commands.forEach((command, index) => {
        const apt = aptCommand(command);
        if (!apt || !PROMPTING.has(apt.sub)) return;
        // A simulation (`-s`, `--dry-run`, …) only prints what it would do and never prompts.
        if (aptSimulates(command)) return;
        // -y, or quiet level 2 (`-qq`, `-q -q`, `--quiet=2`), which apt documents as implying -y.
        if (hasOption(command.argv, YES, 'y', apt.valued)) return;
        const quiet = command.argv.filter((a) => a === '--quiet').length;
        if (countShort(command.argv, 'q', apt.valued) + quiet >= 2) return;
        if (command.argv.some((a) => /^(--quiet|-q)=[2-9]$/.test(a))) return;
        if (aptOptions(command).some((o) => /^apt::get::(assume-yes|assume-no|trivial-only)=/.test(o)))
          return;
        // `yes | apt-get install …` answers the prompt; APT_CONFIG or a conf file may set Assume-Yes.
        const previous = commands[index - 1];
        if (command.joinedBy === '|' && previous && programName(previous) === 'yes') return;
        if (command.env.APT_CONFIG !== undefined || aptConfigures(model, run, /Assume-Yes|APT_CONFIG/i))
          return;
        // The fix: ` -y` after the subcommand of this command (the RUN may run the same one twice).
        const same = commands.filter((c) => {
          const other = aptCommand(c);
          return other?.program === apt.program && other.sub === apt.sub;
        });
        const wanted = same.map((c) => c === command);
        const fix = () => insertAfterSubcommand(model, instruction, apt.program, apt.sub, wanted, ' -y');
        report(instruction, 'missingY', { program: apt.program, sub: apt.sub }, fix);
      });
    }
  },
};
