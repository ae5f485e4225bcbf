import type { ShellCommand } from '../../dockerfile/shell.js';
import { runs } from '../../dockerfile/stages.js';
import type { Rule } from '../types.js';
import { operands, optionValues } from './support/argv.js';
import { apkCommand, isBuildToolPackage } from './support/package-managers.js';

/** Names passed to `apk del` by these commands. */
function deleted(commands: ShellCommand[]): Set<string> {
  return new Set(
    commands.flatMap((c) => {
      const apk = apkCommand(c);
      return apk?.sub === 'del' ? operands(c.argv, apk.valued, apk.index + 1) : [];
    }),
  );
}

// Group names that say what the group is for: build/fetch groups go, run-time groups stay.
const BUILD_NAME = /build|fetch|compile|toolchain|(^|[.\-_])(dev|tmp|temp)([.\-_]|$)/i;
const RUNTIME_NAME = /(^|[.\-_])run(time|deps)?([.\-_]|$)/i;

/** Up to four package words of an `apk add`, for the message (`gcc musl-dev make`, `$buildDeps …`). */
function shown(packages: string[]): string {
  const head = packages.slice(0, 4).join(' ');
  return packages.length > 4 ? `${head} …` : head;
}

/**
 * `apk add --virtual .build-deps …` whose group holds build tools and is not deleted in the same RUN.
 * Groups of run-time packages (`.run-deps`, `so:` dependencies gathered with scanelf, `$runDeps`) are
 * kept on purpose and stay silent.
 */
export const apkVirtualNotRemoved: Rule<'neverRemoved' | 'removedLater'> = {
  meta: {
    id: 'apk-virtual-not-removed',
    severity: 'warning',
    category: 'size',
    aliases: [],
    description: '`apk add --virtual NAME` of build tools is not followed by `apk del NAME` in the same RUN.',
    messages: {
      neverRemoved:
        '`apk add --virtual {{name}}` installs build-time dependencies ({{packages}}) that this RUN never removes, so they ship in the image. Fix: end the same RUN with `&& apk del {{name}}` once the build is done.',
      removedLater:
        '`apk add --virtual {{name}}` installs build-time dependencies ({{packages}}) that only a later RUN (line {{line}}) deletes, so their bytes still ship in this layer. Fix: end the same RUN with `&& apk del {{name}}` and drop the later one.',
    },
  },
  check({ model, report }) {
    const all = runs(model, { shippedOnly: true });
    all.forEach(({ instruction, commands }, runIndex) => {
      commands.forEach((command, index) => {
        const apk = apkCommand(command);
        if (apk?.sub !== 'add') return;
        const packages = operands(command.argv, apk.valued, apk.index + 1);
        const removedHere = deleted(commands.slice(index + 1));
        for (const name of optionValues(command.argv, '--virtual', 't', apk.valued)) {
          if (removedHere.has(name)) continue;
          // Only a group that is plainly for building or fetching must go; a run-time group stays.
          const named = !RUNTIME_NAME.test(name) && BUILD_NAME.test(name);
          const tools = !RUNTIME_NAME.test(name) && packages.some(isBuildToolPackage);
          if (!named && !tools) continue;
          const data = { name, packages: shown(packages) };
          const later = all.slice(runIndex + 1).find((r) => deleted(r.commands).has(name));
          if (later)
            report(instruction, 'removedLater', { ...data, line: later.instruction.range.start.line + 1 });
          else report(instruction, 'neverRemoved', data);
        }
      });
    });
  },
};
