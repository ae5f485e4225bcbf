import { programName } from '../../dockerfile/shell.js';
import { baseImage } from '../../dockerfile/stages.js';
import type { Rule } from '../types.js';
import { hasOption, type ValuedOptions } from './support/argv.js';

// wget's short options that take a value, so `-O-` or `-P /tmp` are not read as other letters.
const VALUED: ValuedOptions = { long: [], short: 'OoaPtTUeiBwQYlADIXRdhN' };
// Options that quieten the progress output or send it to a log file.
const QUIET_LONG = ['--progress', '--quiet', '--no-verbose', '--output-file', '--append-output'];

/** `wget URL` with its default progress bar: thousands of log lines in the build output. */
export const wgetProgressBar: Rule<'progress'> = {
  meta: {
    id: 'wget-progress-bar',
    severity: 'info',
    category: 'correctness',
    aliases: ['DL3047'],
    description: '`wget` runs with its default progress output (no `-q`, `-nv` or `--progress`).',
    messages: {
      progress:
        '`wget` without `-q`, `-nv` or `--progress` prints a progress line for every few kilobytes: a large download fills the build log with thousands of lines and hides the errors. Fix: `wget -q …` (or, with GNU wget, `--progress=dot:giga` or `-nv`).',
    },
    enabledByDefault: false,
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'RUN') continue;
      // busybox wget (Alpine, busybox) draws its progress bar for a terminal, not line by line into a
      // build log; only GNU wget falls back to dots.
      const stage = model.stages[instruction.stage];
      const base = stage && baseImage(model, stage);
      if (!base || base.hasVariable || /alpine|busybox/.test(`${base.name}:${base.tag ?? ''}`)) continue;
      const loud = instruction.commands.some(
        (c) =>
          programName(c) === 'wget' &&
          c.argv.length > 1 &&
          !c.argv.includes('-nv') &&
          !hasOption(c.argv, QUIET_LONG, 'qoa', VALUED) &&
          // `wget --help` / `--version` download nothing.
          !hasOption(c.argv, ['--help', '--version', '--spider'], 'hV', VALUED),
      );
      if (loud) report(instruction, 'progress');
    }
  },
};
