import type { DockerfileModel, InstructionInfo } from '../../dockerfile/model.js';
import { programName } from '../../dockerfile/shell.js';
import { appendToRun } from '../fix.js';
import type { Rule } from '../types.js';
import { aptCommand, toolCommand, uncleanedCaches } from './support/package-managers.js';

/** `apt-get update` whose package lists are not deleted in the same RUN. */
export const aptListsNotRemoved: Rule<'listsKept'> = {
  meta: {
    id: 'apt-lists-not-removed',
    severity: 'warning',
    category: 'size',
    aliases: ['DL3009'],
    paths: ['/var/lib/apt/lists/**'],
    description:
      'A RUN runs `apt-get update` (or `aptitude update`) but does not delete /var/lib/apt/lists/* in the same RUN.',
    messages: {
      listsKept:
        '`{{program}} update` leaves the apt package lists (/var/lib/apt/lists) in this layer. Fix: end the same RUN with `&& rm -rf /var/lib/apt/lists/*`, or mount a cache: `RUN --mount=type=cache,target=/var/lib/apt/lists …`.',
    },
    fixable: true,
  },
  check({ model, report }) {
    const found = uncleanedCaches(model, {
      // aptitude keeps its lists in the same folder.
      fills: (c) => (aptCommand(c) ?? toolCommand(c, ['aptitude']))?.sub === 'update',
      // apt 2.7+ (Debian 13, Ubuntu 24.04) deletes the lists itself with `distclean`.
      cleans: (c) => ['distclean', 'dist-clean'].includes(aptCommand(c)?.sub ?? ''),
      dirs: ['/var/lib/apt/lists'],
    });
    for (const { run, command } of found) {
      // The fix: the advised `rm` at the end of the RUN, where nothing after it can refill the lists.
      const fix = () => {
        if (listsUsedLater(model, run.instruction)) return undefined;
        const edit = appendToRun(model, run.instruction, ' && rm -rf /var/lib/apt/lists/*');
        return edit && [edit];
      };
      const program = (aptCommand(command) ?? toolCommand(command, ['aptitude']))?.program ?? 'apt-get';
      report(run.instruction, 'listsKept', { program }, fix);
    }
  },
};

// apt subcommands that read the package lists and fail (or find nothing) without them.
const READS_LISTS = new Set([
  'install',
  'upgrade',
  'dist-upgrade',
  'full-upgrade',
  'reinstall',
  'source',
  'build-dep',
  'download',
  'satisfy',
]);

/**
 * True when a later RUN (in this stage or a stage built on it) uses the lists without fetching them
 * first (`RUN apt-get update` then `RUN apt-get install …`): deleting them would break that RUN, so the
 * fix is not offered; joining the RUNs is the real fix.
 */
function listsUsedLater(model: DockerfileModel, instruction: InstructionInfo): boolean {
  const later = model.instructions.slice(model.instructions.indexOf(instruction) + 1);
  return later.some((i) => {
    let updated = false;
    return i.commands.some((c) => {
      const sub = aptCommand(c)?.sub ?? '';
      if (sub === 'update') updated = true;
      return !updated && (READS_LISTS.has(sub) || programName(c) === 'apt-cache');
    });
  });
}
