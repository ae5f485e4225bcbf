import type { InstructionInfo } from '../../dockerfile/model.js';
import { programName, type ShellCommand } from '../../dockerfile/shell.js';
import { runs } from '../../dockerfile/stages.js';
import { cdTarget, changeDirectory, resolvePath, workdirAt } from '../../dockerfile/workdir.js';
import type { Rule } from '../types.js';
import { chownFix } from './support/chown-fix.js';
import { hasOption } from './support/argv.js';
import {
  type CopiedArea,
  copiedAreas,
  layersBefore,
  type Target,
  touchesArea,
} from './support/copy-paths.js';

/** `RUN chown -R app /app` after `COPY . /app`: every copied file is stored a second time. */
export const chownInSeparateLayer: Rule<'storedTwice'> = {
  meta: {
    id: 'chown-in-separate-layer',
    severity: 'warning',
    category: 'size',
    aliases: [],
    description: 'A RUN changes owner or mode of files an earlier COPY/ADD brought in, storing them twice.',
    messages: {
      storedTwice:
        '`{{command}}` changes files that the {{keyword}} at line {{line}} brought in ({{path}}), so every one of them is stored again in this layer. Fix: `{{keyword}} {{copyFlag}} …` and drop the {{tool}}.',
    },
    fixable: true,
  },
  check({ model, report }) {
    for (const { instruction, commands } of runs(model, { shippedOnly: true })) {
      // Worked out only for a RUN that changes owner or mode: most RUNs do not.
      let areas: CopiedArea[] | undefined;
      // The WORKDIR is looked up only once a command needs it: `undefined` is a real answer (unknown).
      let cwd: string | undefined | null = null;
      const dir = (): string | undefined => (cwd === null ? (cwd = workdirAt(model, instruction)) : cwd);
      for (const [index, command] of commands.entries()) {
        const to = cdTarget(command);
        if (to !== undefined) cwd = changeDirectory(dir(), to);
        const change = metadataChange(command);
        if (!change) continue;
        // A path this RUN made itself (`mkdir -p /app/logs && chown app /app/logs`) holds no copied bytes.
        const made = commands.slice(0, index).flatMap((c) => c.argv.slice(1));
        const targets = change.paths
          .map((path) => ({ path: resolvePath(path, dir()), recursive: change.recursive }))
          .filter((t): t is Target => t.path !== undefined && !made.includes(t.path));
        areas ??= layersBefore(model, instruction)
          .filter((i) => i.keyword !== 'RUN')
          .flatMap((i) => copiedAreas(model, i));
        // Folders an app writes at run time (Laravel's storage, Symfony's var, Rails' tmp and log)
        // hold few files in a build context: their owner is changed on purpose, and little is stored.
        const copiedTargets = targets.filter((t) => !areas!.some((a) => inRuntimeFolder(t, a)));
        const area = areas.find((a) => copiedTargets.some((t) => touchesArea(t, a)));
        if (!area) continue;
        const exact = targets.length === 1 ? targets[0]?.path : undefined;
        const fix = () => chownFix(model, instruction, command, exact, area);
        report(
          instruction,
          'storedTwice',
          {
            command: change.label,
            keyword: area.instruction.keyword,
            line: line(area.instruction),
            path: area.path,
            copyFlag: change.copyFlag,
            tool: change.tool,
          },
          fix,
        );
        break; // one finding per RUN
      }
    }
  },
};

/** For `chown`/`chmod` (or `find … -exec chown|chmod`): the paths it changes and the COPY flag to use instead. */
function metadataChange(
  command: ShellCommand,
): { tool: string; paths: string[]; recursive: boolean; label: string; copyFlag: string } | undefined {
  const argv = command.argv;
  const program = programName(command);
  if (program === 'find') {
    const exec = argv.findIndex(
      (a, i) => /^-exec(dir)?$/.test(a) && /^(chown|chmod)$/.test(argv[i + 1] ?? ''),
    );
    if (exec === -1) return undefined;
    // The shared splitter drops `{}` (it reads braces as grouping), so add a placeholder path back.
    const inner = metadataChange({ ...command, argv: [...argv.slice(exec + 1), '{}'] });
    const end = argv.findIndex((a, i) => i > 0 && /^[-!(]/.test(a));
    const roots = argv.slice(1, end === -1 ? undefined : end);
    return (
      inner && {
        ...inner,
        paths: roots,
        recursive: true,
        label: `find ${roots.join(' ')} -exec ${inner.tool} …`,
      }
    );
  }
  if (program !== 'chown' && program !== 'chmod') return undefined;
  const reference = argv.some((a) => a.startsWith('--reference'));
  // chmod modes such as `-x` look like options; the first word that is not a real option is the mode.
  const words = argv.slice(1).filter((a) => !/^-[RvcfhHLP]+$|^--[a-z-]+(=.*)?$/.test(a));
  const paths = reference ? words : words.slice(1);
  if (paths.length === 0) return undefined;
  const setting = reference ? '…' : (words[0] ?? '');
  return {
    tool: program,
    paths,
    recursive: hasOption(argv, ['--recursive'], 'R'),
    label: argv.join(' ').slice(0, 80),
    copyFlag: program === 'chown' ? `--chown=${setting}` : `--chmod=${setting}`,
  };
}

/** First folders below a copied tree that apps write to at run time; see `inRuntimeFolder`. */
const RUNTIME_FOLDERS = new Set([
  'storage',
  'bootstrap',
  'var',
  'tmp',
  'log',
  'logs',
  'cache',
  'db',
  'uploads',
]);

/**
 * True when `target` lies inside the copied tree `area`, under one of its runtime folders
 * (`/var/www/html/storage`, `/srv/app/var`, `/rails/tmp`): not the tree itself, nor another folder.
 */
function inRuntimeFolder(target: Target, area: CopiedArea): boolean {
  if (!area.tree || /[*?[]/.test(area.path)) return false;
  const root = area.path.replace(/\/+$/, '');
  if (!target.path.startsWith(`${root}/`)) return false;
  return RUNTIME_FOLDERS.has(target.path.slice(root.length + 1).split('/')[0] ?? '');
}

function line(instruction: InstructionInfo): number {
  return instruction.range.start.line + 1;
}
