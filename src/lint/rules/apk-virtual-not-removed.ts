import type { ShellCommand } from '../../dockerfile/shell.js';
import { runs } from '../../dockerfile/stages.js';
import type { Rule } from '../types.js';
import { operands, optionValues } from './support/argv.js';
import { apkCommand } from './support/package-managers.js';

/** Names passed to `apk del` by these commands. */
function deleted(commands: ShellCommand[]): Set<string> {
  return new Set(
    commands.flatMap((c) => {
      const apk = apkCommand(c);
      return apk?.sub === 'del' ? operands(c.argv, apk.valued, apk.index + 1) : [];
    }),
  );
}

/** `apk add --virtual .build-deps …` whose virtual package is not deleted in the same RUN. */
export const apkVirtualNotRemoved: Rule<'neverRemoved' | 'removedLater'> = {
  meta: {
    id: 'apk-virtual-not-removed',
    severity: 'warning',
    category: 'size',
    aliases: [],
    description: '`apk add --virtual NAME` is not followed by `apk del NAME` in the same RUN.',
    messages: {
      neverRemoved:
        '`apk add --virtual {{name}}` installs build dependencies that this RUN never removes; they stay in the image (compilers and headers are often 100 MB or more). Fix: end the same RUN with `&& apk del {{name}}`.',
      removedLater:
        '`apk add --virtual {{name}}` installs build dependencies that this RUN never removes; `apk del {{name}}` in a later RUN (line {{line}}) only hides them: their bytes stay in this layer (compilers and headers are often 100 MB or more). Fix: end the same RUN with `&& apk del {{name}}`.',
    },
  },
  check({ model, report }) {
    const all = runs(model, { shippedOnly: true });
    all.forEach(({ instruction, commands }, runIndex) => {
      commands.forEach((command, index) => {
        const apk = apkCommand(command);
        if (apk?.sub !== 'add') return;
        const removedHere = deleted(commands.slice(index + 1));
        for (const name of optionValues(command.argv, '--virtual', 't', apk.valued)) {
          if (removedHere.has(name)) continue;
          const later = all.slice(runIndex + 1).find((r) => deleted(r.commands).has(name));
          if (later)
            report(instruction, 'removedLater', { name, line: later.instruction.range.start.line + 1 });
          else report(instruction, 'neverRemoved', { name });
        }
      });
    });
  },
};
