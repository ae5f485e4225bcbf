import type { DockerfileModel, InstructionInfo } from '../../dockerfile/model.js';
import { programName, type ShellCommand } from '../../dockerfile/shell.js';
import { runs } from '../../dockerfile/stages.js';
import { workdirAt } from '../../dockerfile/workdir.js';
import { appendToRun } from '../fix.js';
import type { Rule, TextEdit } from '../types.js';
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
    fixable: true,
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
        const fix = () => moveCleanup(model, creator, instruction, cleanup.commands, targets);
        report(instruction, 'cleanupOfRun', { commands: what, line, first }, fix);
      } else {
        report(instruction, 'cleanupOfCopy', { commands: what, keyword: creator.keyword, line });
      }
    }
  },
};

/** Words a moved cleanup may hold: a plain command with no quoting, expansion or operator to get wrong. */
const PLAIN_WORD = /^[A-Za-z0-9_./*?=:@%+,-]+$/;

/**
 * The fix of a cleanup RUN that follows its creating RUN: the cleanup appended to the creator with
 * `&&`, and the cleanup RUN removed. Offered only where that changes nothing but the layers: both are
 * plain shell-form RUNs of the same stage; the cleanup RUN is nothing but `&&`-joined commands of plain
 * words; and no RUN comes between them, unless what is removed is a package manager's cache or index
 * (the creator is then the last RUN of that tool). Where the creator already runs the same cleanup,
 * only the RUN goes.
 */
function moveCleanup(
  model: DockerfileModel,
  creator: InstructionInfo,
  cleanupRun: InstructionInfo,
  commands: ShellCommand[],
  targets: { path: string }[],
): TextEdit[] | undefined {
  if (cleanupRun.jsonForm || cleanupRun.heredocs.length > 0 || cleanupRun.flags.size > 0) return undefined;
  if (creator.flags.size > 0 || creator.stage !== cleanupRun.stage) return undefined;
  const words = commands.map((c) => c.argv);
  if (words.some((argv) => argv.some((w) => !PLAIN_WORD.test(w)))) return undefined;
  const text = words.map((argv) => argv.join(' ')).join(' && ');
  // The source must say exactly that: no `;`, `||`, quotes or `cd` that the commands do not show.
  if (cleanupRun.args.replace(/\s+/g, ' ').trim() !== text) return undefined;
  const stage = model.stages[cleanupRun.stage]?.instructions ?? [];
  const between = stage.slice(stage.indexOf(creator) + 1, stage.indexOf(cleanupRun));
  if (stage.indexOf(creator) < 0 || between.some((i) => i.keyword === 'ONBUILD')) return undefined;
  // A RUN in between may read the files (`RUN ./install.sh` unpacking a download), unless they are a
  // package manager's own cache or index, which only that tool reads (and it would be the creator).
  const toolsOnly = targets.length > 0 && targets.every((t) => writersOf(t.path).length > 0);
  if (!toolsOnly && between.some((i) => i.keyword === 'RUN')) return undefined;
  const remove: TextEdit = {
    range: {
      start: { line: cleanupRun.range.start.line, character: 0 },
      end: { line: cleanupRun.range.end.line + 1, character: 0 },
    },
    text: '',
  };
  const done = (argv: string[]): boolean =>
    creator.commands.some((c) => c.argv.join('\0') === argv.join('\0'));
  if (words.every(done)) return [remove];
  const append = appendToRun(model, creator, ` && ${text}`);
  return append ? [append, remove] : undefined;
}

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
