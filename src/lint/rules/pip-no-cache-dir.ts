import { programName, type ShellCommand } from '../../dockerfile/shell.js';
import { envIsSet } from '../../dockerfile/variables.js';
import type { DockerfileModel, RunCommands } from '../../dockerfile/model.js';
import { insertAfterSubcommand } from '../fix.js';
import type { Rule, TextEdit } from '../types.js';
import { hasOption, operands, subcommand, type ValuedOptions } from './support/argv.js';
import { uncleanedCaches } from './support/package-managers.js';

// pip's general options that take a separate value (`pip --log x install …`).
const VALUED: ValuedOptions = {
  long: [
    '--cache-dir',
    '--log',
    '--proxy',
    '--retries',
    '--timeout',
    '--exists-action',
    '--trusted-host',
    '--cert',
    '--client-cert',
    '--python',
    '--use-feature',
    '--use-deprecated',
  ],
  short: '',
};

/** For `pip …`, `pip3.12 …` or `python3 -m pip …`: pip's subcommand, where it is, and how pip was invoked. */
function pipCommand(command: ShellCommand): { sub?: string; index: number; label: string } | undefined {
  const program = programName(command);
  if (/^pip[\d.]*$/.test(program)) {
    const sub = subcommand(command.argv, VALUED);
    return { sub: sub?.name, index: sub?.index ?? command.argv.length, label: program };
  }
  if (!/^python[\d.]*$/.test(program)) return undefined;
  const m = command.argv.findIndex((a, i) => (a === '-m' && command.argv[i + 1] === 'pip') || a === '-mpip');
  if (m === -1) return undefined;
  const start = command.argv[m] === '-m' ? m + 2 : m + 1;
  const sub = subcommand(command.argv, VALUED, start);
  return { sub: sub?.name, index: sub?.index ?? command.argv.length, label: `${program} -m pip` };
}

// `pip install` options that take a separate value, so the value is not read as a package.
const INSTALL_VALUED: ValuedOptions = {
  long: [
    ...VALUED.long,
    '--index-url',
    '--extra-index-url',
    '--find-links',
    '--target',
    '--prefix',
    '--root',
    '--platform',
    '--python-version',
    '--implementation',
    '--abi',
    '--src',
    '--upgrade-strategy',
    '--progress-bar',
    '--global-option',
    '--config-settings',
    '--no-binary',
    '--only-binary',
    '--report',
  ],
  short: 'iftC',
};
// pip's own tooling: upgrading it caches a few wheels (~2 MB for pip), not a real cost.
const TOOLING = /^(pip|setuptools|wheel)([<>=!~[;].*)?$/i;

/** True for `pip install [-U] pip [setuptools wheel]`: only pip's tooling, no requirements or packages. */
function upgradesToolingOnly(command: ShellCommand, index: number): boolean {
  const rest = command.argv.slice(index);
  if (hasOption(['pip', ...rest], ['--requirement', '--editable', '--constraint'], 'rec', INSTALL_VALUED))
    return false;
  const packages = operands(command.argv, INSTALL_VALUED, index + 1);
  return packages.length > 0 && packages.every((p) => TOOLING.test(p));
}

/** `pip install` without `--no-cache-dir`: downloaded and built wheels stay in ~/.cache/pip. */
export const pipNoCacheDir: Rule<'cacheKept'> = {
  meta: {
    id: 'pip-no-cache-dir',
    severity: 'warning',
    category: 'size',
    aliases: ['DL3042'],
    paths: ['/root/.cache/pip/**'],
    description: '`pip install` runs without `--no-cache-dir` (or PIP_NO_CACHE_DIR, or a cache mount).',
    messages: {
      cacheKept:
        '`{{pip}} install` keeps every downloaded and built wheel in ~/.cache/pip in this layer. Fix: `pip install --no-cache-dir …`, `ENV PIP_NO_CACHE_DIR=1`, or `RUN --mount=type=cache,target=/root/.cache/pip …`.',
    },
    fixable: true,
  },
  check({ model, report }) {
    const found = uncleanedCaches(model, {
      fills: (c, index, run) => fillsCache(model, c, index, run),
      cleans: (c) => pipCommand(c)?.sub === 'cache' && c.argv.includes('purge'),
      dirs: ['~/.cache/pip'],
    });
    for (const { run, command } of found) {
      report(run.instruction, 'cacheKept', { pip: pipCommand(command)?.label ?? 'pip' }, () =>
        fixFor(model, run),
      );
    }
  },
};

/** True for a `pip install` that keeps its downloads in ~/.cache/pip. */
function fillsCache(model: DockerfileModel, c: ShellCommand, index: number, run: RunCommands): boolean {
  return (
    pipCommand(c)?.sub === 'install' &&
    // Upgrading pip itself caches ~2 MB: not worth a finding.
    !upgradesToolingOnly(c, pipCommand(c)?.index ?? 0) &&
    // `--no-cache` is accepted too: pip takes unambiguous prefixes of long options.
    !c.argv.some((a) => /^--no-cache(-d|-di|-dir)?(=|$)/.test(a)) &&
    // A cache elsewhere, or nothing downloaded (`--no-index`): the rule cannot tell, so it is silent.
    !hasOption(c.argv, ['--cache-dir', '--no-index']) &&
    !['PIP_NO_CACHE_DIR', 'PIP_CACHE_DIR'].some((name) => envIsSet(model, run, index, name))
  );
}

/** ` --no-cache-dir` after `install` in every `pip install` that fills the cache; undefined if unsure. */
function fixFor(model: DockerfileModel, run: RunCommands): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  // The word before `install` in the source: `pip3` for pip3, `pip` for `python3 -m pip`.
  const word = (c: ShellCommand): string => (/^pip/.test(programName(c)) ? programName(c) : 'pip');
  const programs = new Set(run.commands.filter((c) => pipCommand(c)).map(word));
  for (const program of programs) {
    const same = run.commands.filter((c) => word(c) === program && pipCommand(c)?.sub === 'install');
    const wanted = same.map((c) => fillsCache(model, c, run.commands.indexOf(c), run));
    if (!wanted.some(Boolean)) continue;
    const found = insertAfterSubcommand(
      model,
      run.instruction,
      program,
      'install',
      wanted,
      ' --no-cache-dir',
    );
    if (!found) return undefined;
    edits.push(...found);
  }
  return edits;
}
