import type { DockerfileModel, InstructionInfo } from '../../dockerfile/model.js';
import { programName, type ShellCommand } from '../../dockerfile/shell.js';
import { runs } from '../../dockerfile/stages.js';
import { workdirAt } from '../../dockerfile/workdir.js';
import type { Rule } from '../types.js';
import { operands, optionValues } from './support/argv.js';
import { cleanupOnly } from './support/cleanup-commands.js';
import {
  type CopiedArea,
  copiedAreas,
  layersBefore,
  mentionedAreas,
  touchesArea,
} from './support/copy-paths.js';
import { hasMountOver } from './support/package-managers.js';

// Caches and scratch space that any RUN may fill (package managers, downloads).
const SCRATCH_DIRS = [
  '/tmp',
  '/var/tmp',
  '/var/lib/apt/lists',
  '/var/cache',
  '/root/.cache',
  '/root/.npm',
  '/usr/local/share/.cache',
];

/** A RUN that only deletes or cleans what an earlier layer made: the bytes stay in that layer. */
export const cleanupInSeparateLayer: Rule<'cleanupOfCopy' | 'cleanupOfRun'> = {
  meta: {
    id: 'cleanup-in-separate-layer',
    severity: 'warning',
    category: 'size',
    aliases: [],
    // No paths: what it deletes is whatever an earlier layer made; the layer analysis measures it as waste.
    description:
      'A RUN only deletes or cleans files an earlier RUN/COPY/ADD created, which does not shrink the image.',
    messages: {
      cleanupOfRun:
        'This RUN only removes ({{commands}}) what the RUN at line {{line}} created, so those bytes still ship in that layer and the image gets no smaller. Fix: remove them at the end of the RUN that creates them (`… && {{first}}`), or build in another stage and `COPY --from` only what you need.',
      cleanupOfCopy:
        'This RUN only removes ({{commands}}) what the {{keyword}} at line {{line}} created, so those bytes still ship in that layer and the image gets no smaller. Fix: keep them out of the {{keyword}} (.dockerignore, narrower sources), or build in another stage and `COPY --from` only what you need.',
    },
  },
  check({ model, report }) {
    for (const { instruction, commands } of runs(model, { shippedOnly: true })) {
      const cleanup = cleanupOnly(commands, () => workdirAt(model, instruction));
      if (!cleanup) continue;
      const earlier = layersBefore(model, instruction).reverse(); // nearest first
      if (deletesOnlyVirtuals(model, earlier, cleanup.commands)) continue;
      const targets = cleanup.targets.filter((t) => !hasMountOver(instruction, [t.path]));
      const touches = (areas: CopiedArea[]): boolean =>
        targets.some((t) => areas.some((a) => touchesArea(t, a)));
      const creators = [...cleanup.createdBy, ...targets.flatMap((t) => writersOf(t.path))];
      // Most certain first: a COPY/ADD destination, then a path a RUN named, then a RUN's scratch dirs.
      const creator =
        earlier.find((i) => i.keyword !== 'RUN' && touches(copiedAreas(model, i))) ??
        earlier.find((i) => i.keyword === 'RUN' && touches(mentionedAreas(i, i.commands))) ??
        // The package manager that writes what is cleaned (apt-get for apt lists) before the catch-all:
        // any RUN may write scratch dirs, so that guess only applies when no such tool ran.
        earlier.find(
          (i) => i.keyword === 'RUN' && i.commands.some((c) => creators.includes(programName(c))),
        ) ??
        earlier.find(
          (i) =>
            i.keyword === 'RUN' &&
            touches(SCRATCH_DIRS.map((path) => ({ path, tree: true, instruction: i }))),
        );
      if (!creator) continue;
      const what = cleanup.commands.map((c) => `\`${label(c.argv)}\``).join(', ');
      const line = creator.range.start.line + 1;
      if (creator.keyword === 'RUN') {
        const first = label(cleanup.commands[0]?.argv ?? []);
        report(instruction, 'cleanupOfRun', { commands: what, line, first });
      } else {
        report(instruction, 'cleanupOfCopy', { commands: what, keyword: creator.keyword, line });
      }
    }
  },
};

/**
 * True when the cleanup is only `apk del` of virtual packages an earlier `apk add --virtual NAME`
 * made: apk-virtual-not-removed reports that, at the install.
 */
function deletesOnlyVirtuals(
  model: DockerfileModel,
  earlier: InstructionInfo[],
  commands: ShellCommand[],
): boolean {
  const virtuals = earlier
    .filter((i) => i.keyword === 'RUN')
    .flatMap((i) => i.commands)
    .flatMap((c) => (programName(c) === 'apk' ? optionValues(c.argv, '--virtual', 't') : []));
  return commands.every(
    (c) =>
      programName(c) === 'apk' &&
      operands(c.argv)
        .slice(1)
        .every((name) => virtuals.includes(name)),
  );
}

/** Folders that one family of tools writes: `rm -rf /var/lib/apt/lists/*` cleans what apt-get made. */
const TOOL_DIRS: [string, string[]][] = [
  ['/var/lib/apt/lists', ['apt-get', 'apt']],
  ['/var/cache/apt', ['apt-get', 'apt']],
  ['/var/cache/apk', ['apk']],
  ['/var/cache/yum', ['yum', 'dnf', 'microdnf']],
  ['/var/cache/dnf', ['dnf', 'microdnf', 'yum']],
  ['/var/cache/zypp', ['zypper']],
  ['/root/.cache/pip', ['pip', 'pip3', 'python', 'python3']],
  ['/root/.npm', ['npm', 'npx']],
  ['/usr/local/share/.cache/yarn', ['yarn']],
  ['/root/.cache/go-build', ['go']],
  ['/root/.m2', ['mvn', 'mvnw']],
];

function writersOf(path: string): string[] {
  return TOOL_DIRS.filter(([dir]) => path === dir || path.startsWith(`${dir}/`)).flatMap(
    ([, tools]) => tools,
  );
}

function label(argv: string[]): string {
  const words = argv.join(' ');
  return words.length > 60 ? `${words.slice(0, 57)}…` : words;
}
