import { stripQuotes } from '../../dockerfile/instruction-text.js';
import type { InstructionInfo } from '../../dockerfile/model.js';
import { programName, type ShellCommand } from '../../dockerfile/shell.js';
import type { Rule } from '../types.js';
import { hasOption, operands, optionValues, type ValuedOptions } from './support/argv.js';
import { copyArgs, isRemoteSource } from './support/copy-paths.js';
import { baseName } from './support/layer-effects.js';

// The tar archives ADD unpacks by itself: plain, gzip, bzip2 and xz.
const ADD_UNPACKS = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz)$/i;
const TAR_VALUED: ValuedOptions = {
  long: ['--file', '--directory', '--exclude', '--transform', '--owner', '--group', '--mode'],
  short: 'fCbHKLNTVX',
};
// tar options ADD cannot express: the extraction would not be the same.
const TAR_SPECIAL = [
  '--strip-components',
  '--transform',
  '--exclude',
  '--wildcards',
  '--to-stdout',
  '--files-from',
];

/** `COPY app.tar.gz /tmp/` then `RUN tar -xzf /tmp/app.tar.gz …`: ADD unpacks a local tar itself. */
export const copiedArchiveExtracted: Rule<'useAdd'> = {
  meta: {
    id: 'copied-archive-extracted',
    severity: 'info',
    category: 'correctness',
    aliases: ['DL3010'],
    description: 'A local tar archive is COPYed and then unpacked with `tar -x`, which ADD does in one step.',
    messages: {
      useAdd:
        '`{{archive}}` is copied in at line {{line}} and unpacked here, so the archive itself stays in the COPY layer next to its contents. Fix: `ADD {{archive}} <directory>/` unpacks a local tar archive in one layer, without keeping the archive.',
    },
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      // Archive base name → the COPY that brought it in.
      const copied = new Map<string, InstructionInfo>();
      for (const instruction of stage.instructions) {
        if (instruction.keyword === 'COPY' && !instruction.flags.has('from')) {
          const args = copyArgs(instruction);
          for (const source of args?.sources ?? []) {
            const name = stripQuotes(source);
            if (ADD_UNPACKS.test(name) && !isRemoteSource(name) && !name.includes('$'))
              copied.set(baseName(name), instruction);
          }
          continue;
        }
        if (instruction.keyword !== 'RUN' || copied.size === 0) continue;
        for (const command of instruction.commands) {
          const archive = extractedArchive(command);
          const from = archive === undefined ? undefined : copied.get(archive);
          if (archive && from) {
            report(instruction, 'useAdd', { archive, line: from.range.start.line + 1 });
            copied.delete(archive);
            break;
          }
        }
      }
    }
  },
};

/** For `tar -x[z]f path` with no options ADD lacks: the archive's base name. */
function extractedArchive(command: ShellCommand): string | undefined {
  if (programName(command) !== 'tar') return undefined;
  const { argv } = command;
  const extracts = hasOption(argv, ['--extract', '--get'], 'x', TAR_VALUED) || /^x/.test(argv[1] ?? '');
  if (!extracts || hasOption(argv, TAR_SPECIAL, 'O', TAR_VALUED)) return undefined;
  const file = optionValues(argv, '--file', 'f', TAR_VALUED)[0];
  // Old-style `tar xzf file` takes the file as its first operand.
  const oldStyle = /^[a-zA-Z]+$/.test(argv[1] ?? '');
  const path = file ?? (oldStyle && argv[1]?.includes('f') ? operands(argv, TAR_VALUED, 2)[0] : undefined);
  // Member names after the archive extract only part of it: ADD cannot do that.
  const members = operands(argv, TAR_VALUED, oldStyle ? 2 : 1).filter((o) => o !== path);
  if (!path || path === '-' || members.length > 0) return undefined;
  return baseName(path);
}
