import { programName, type ShellCommand } from '../../dockerfile/shell.js';
import { runs } from '../../dockerfile/stages.js';
import type { Rule } from '../types.js';
import { aptCommand, hasMountOver, removesDir } from './support/package-managers.js';

// apt subcommands that read the package index `apt-get update` fetched.
const INDEX_READERS = new Set([
  'install',
  'reinstall',
  'upgrade',
  'dist-upgrade',
  'full-upgrade',
  'build-dep',
  'source',
  'download',
  'satisfy',
]);
// Commands that may install packages themselves (scripts, other front-ends): the rule cannot tell.
const INDIRECT = new Set(['source', '.', 'eval', 'make', 'aptitude', 'apt-fast', 'nala', 'install_packages']);
const SHELLS = /^(ba|da|a|z|k)?sh$/;

/** Could this command install packages in a way the rule cannot see? */
function mayInstall(command: ShellCommand): boolean {
  const program = programName(command);
  const path = command.argv[0] ?? '';
  return INDIRECT.has(program) || SHELLS.test(program) || path.includes('/') || program.endsWith('.sh');
}

/** `RUN apt-get update` with no install in the same RUN: a stale index cached in its own layer. */
export const aptUpdateAlone: Rule<'updateAlone'> = {
  meta: {
    id: 'apt-update-alone',
    severity: 'warning',
    category: 'cache',
    aliases: [],
    description: '`apt-get update` runs in a RUN without an install in the same RUN.',
    messages: {
      updateAlone:
        '`{{command}}` runs without an install in the same RUN: its layer is cached, so a later change to the install line builds on a stale package index (old versions, or 404 errors), and the lists stay in this layer. Fix: `apt-get update && apt-get install -y …` in one RUN.',
    },
  },
  check({ model, report }) {
    for (const { instruction, commands } of runs(model)) {
      const update = commands.findIndex((c) => aptCommand(c)?.sub === 'update');
      if (update === -1) continue;
      const after = commands.slice(update + 1);
      const readers = commands.some((c) => INDEX_READERS.has(aptCommand(c)?.sub ?? ''));
      if (readers || after.some(mayInstall)) continue;
      // Lists deleted (or kept out of the layer by a mount) leave no stale index behind.
      const lists = ['/var/lib/apt/lists'];
      if (removesDir(after, lists) || hasMountOver(instruction, lists)) continue;
      const label = `${aptCommand(commands[update] as ShellCommand)?.program ?? 'apt-get'} update`;
      report(instruction, 'updateAlone', { command: label });
    }
  },
};
