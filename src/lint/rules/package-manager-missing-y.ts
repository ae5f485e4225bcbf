import { programName } from '../../dockerfile/shell.js';
import { instructionsBefore, runs } from '../../dockerfile/stages.js';
import { insertAfterSubcommand } from '../fix.js';
import type { Rule } from '../types.js';
import { hasOption, type ValuedOptions } from './support/argv.js';
import { RPM_VALUED_OPTIONS, toolCommand, ZYPPER_VALUED_OPTIONS } from './support/package-managers.js';

interface Manager {
  valued: ValuedOptions;
  /** Subcommands that ask "Is this ok [y/N]" / "Continue? [y/n/…]" before changing packages. */
  prompting: ReadonlySet<string>;
  /** Options that answer or skip the prompt, anywhere on the command line. */
  yes: string[];
  short: string;
  /** A word in a conf file (written by an earlier instruction) that answers it for every command. */
  configured: RegExp;
}

// yum and dnf share their options: on EL 8 and later, yum is dnf.
const RPM: Manager = {
  valued: RPM_VALUED_OPTIONS,
  prompting: new Set([
    'install',
    'in',
    'groupinstall',
    'localinstall',
    'reinstall',
    'rei',
    'update',
    'upgrade',
    'up',
    'downgrade',
  ]),
  yes: ['--assumeyes', '--assumeno'],
  short: 'y',
  configured: /assumeyes/i,
};
const MANAGERS: Record<string, Manager> = {
  yum: RPM,
  dnf: RPM,
  zypper: {
    valued: ZYPPER_VALUED_OPTIONS,
    prompting: new Set([
      'install',
      'in',
      'remove',
      'rm',
      'update',
      'up',
      'patch',
      'dist-upgrade',
      'dup',
      'source-install',
      'si',
    ]),
    // The global `-n` before the subcommand, or `-y` after it.
    yes: ['--non-interactive', '--no-confirm'],
    short: 'ny',
    configured: /non-interactive/i,
  },
};

/** `yum`, `dnf` or `zypper` changing packages without `-y`: the build stops at the confirmation prompt. */
export const packageManagerMissingY: Rule<'missingY'> = {
  meta: {
    id: 'package-manager-missing-y',
    severity: 'warning',
    category: 'correctness',
    aliases: ['DL3030', 'DL3038', 'DL3034'],
    description:
      '`yum install`, `dnf install` or `zypper install` runs without `-y` (zypper: `-n`), so it cannot answer its confirmation prompt.',
    messages: {
      missingY:
        '`{{program}} {{sub}}` has no `-y`: it asks for confirmation before changing packages, reads no answer in a build and stops. Fix: `{{program}} {{sub}} -y …`.',
    },
    fixable: true,
  },
  check({ model, report }) {
    for (const run of runs(model)) {
      const { instruction, commands } = run;
      commands.forEach((command, index) => {
        const program = programName(command);
        const manager = MANAGERS[program];
        if (!manager) return;
        const tool = toolCommand(command, [program], manager.valued);
        if (!tool || !manager.prompting.has(tool.sub)) return;
        if (hasOption(command.argv, manager.yes, manager.short, manager.valued)) return;
        if (command.argv.some((a) => /^(--setopt=)?assumeyes=(1|true|yes)$/i.test(a))) return;
        // `yes | yum install …` answers the prompt; a conf file written earlier may set assumeyes.
        const previous = commands[index - 1];
        if (command.joinedBy === '|' && previous && programName(previous) === 'yes') return;
        const configures = (text: string): boolean => manager.configured.test(text);
        if (instructionsBefore(model, instruction).some((i) => configures(i.args))) return;
        if (commands.some((c) => c !== command && c.argv.some(configures))) return;
        const same = commands.filter((c) => {
          const other = toolCommand(c, [program], manager.valued);
          return other?.sub === tool.sub;
        });
        const wanted = same.map((c) => c === command);
        const fix = () => insertAfterSubcommand(model, instruction, program, tool.sub, wanted, ' -y');
        report(instruction, 'missingY', { program, sub: tool.sub }, fix);
      });
    }
  },
};
