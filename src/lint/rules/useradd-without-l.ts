import type { DockerfileModel, InstructionInfo } from '../../dockerfile/model.js';
import { programName } from '../../dockerfile/shell.js';
import { instructionsBefore, runs } from '../../dockerfile/stages.js';
import { assignments } from '../../dockerfile/variables.js';
import { formatBytes } from '../../units/size.js';
import { insertAfterSubcommand } from '../fix.js';
import type { Rule } from '../types.js';
import { hasOption, optionValues, type ValuedOptions } from './support/argv.js';

// useradd's options that take a value, so `-c l` or `-d /x` is not read as a flag.
const USERADD_VALUED: ValuedOptions = {
  long: [
    '--base-dir',
    '--comment',
    '--home-dir',
    '--expiredate',
    '--inactive',
    '--gid',
    '--groups',
    '--skel',
    '--key',
    '--password',
    '--root',
    '--prefix',
    '--shell',
    '--uid',
    '--selinux-user',
  ],
  short: 'bcdefgGkKpPRsuZ',
};
// sizeof(struct lastlog) on 64-bit glibc: ll_time (4) + ll_line (32) + ll_host (256).
const LASTLOG_RECORD = 292;

/** `useradd -u 123456` without `-l`: /var/log/lastlog grows to 292 bytes × UID, stored in full. */
export const useraddWithoutL: Rule<'hugeLastlog'> = {
  meta: {
    id: 'useradd-without-l',
    severity: 'warning',
    category: 'size',
    aliases: ['DL3046'],
    paths: ['/var/log/lastlog', '/var/log/faillog'],
    description:
      '`useradd` with a UID above 99999 and without `-l` (--no-log-init) can write a huge /var/log/lastlog.',
    messages: {
      hugeLastlog:
        '`useradd -u {{uid}}` without `-l` can make /var/log/lastlog a sparse file of {{size}} (UID × {{record}} bytes), which image layers store in full. Fix: `useradd -l -u {{uid}} …` (`--no-log-init`), or a UID ≤ 99999.',
    },
    fixable: true,
  },
  check({ model, report }) {
    // Every stage: a sparse multi-GB file also slows down or breaks builder stages.
    for (const { instruction, commands } of runs(model)) {
      for (const command of commands) {
        if (programName(command) !== 'useradd') continue;
        if (hasOption(command.argv, ['--no-log-init'], 'l', USERADD_VALUED)) continue;
        const written = optionValues(command.argv, '--uid', 'u')[0];
        const uid = written === undefined ? undefined : resolve(model, instruction, written);
        if (uid === undefined || !/^\d{6,}$/.test(uid)) continue;
        const bytes = (Number(uid) + 1) * LASTLOG_RECORD;
        // The fix: ` -l` right after this `useradd` (the RUN may add several users).
        const same = commands.filter((c) => programName(c) === 'useradd');
        const wanted = same.map((c) => c === command);
        const fix = () => insertAfterSubcommand(model, instruction, 'useradd', undefined, wanted, ' -l');
        report(instruction, 'hugeLastlog', { uid, size: formatBytes(bytes), record: LASTLOG_RECORD }, fix);
      }
    }
  },
};

/** The value with `$NAME`/`${NAME}` replaced from ARG defaults and ENV earlier in the stage chain. */
function resolve(model: DockerfileModel, instruction: InstructionInfo, value: string): string | undefined {
  const match = /^\$\{?([A-Za-z_]\w*)\}?$/.exec(value);
  if (!match) return value;
  const defined = [...model.globalArgs, ...instructionsBefore(model, instruction)]
    .flatMap((i) => assignments(model, i))
    .filter((a) => a.name === match[1] && a.value !== undefined);
  return defined[defined.length - 1]?.value;
}
