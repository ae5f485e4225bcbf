import type { DockerfileModel, InstructionInfo, RunCommands } from '../../dockerfile/model.js';
import type { ShellCommand } from '../../dockerfile/shell.js';
import { baseImage, runs } from '../../dockerfile/stages.js';
import { insertAfterSubcommand } from '../fix.js';
import type { Rule, TextEdit } from '../types.js';
import { hasOption, operands } from './support/argv.js';
import {
  aptCommand,
  aptConfigures,
  aptInstall,
  aptOptions,
  installedPackages,
} from './support/package-managers.js';

/**
 * What python3-pip's recommends cost, as far as the base image tells: the measured figure on Debian 12
 * (bookworm), else what they are (build-essential and python3-dev on Debian and Ubuntu alike).
 */
function pipRecommends(model: DockerfileModel, instruction: InstructionInfo): string {
  const stage = model.stages[instruction.stage];
  const from = stage && baseImage(model, stage);
  const bookworm =
    from !== undefined &&
    !from.hasVariable &&
    ((from.name.replace(/^library\//, '') === 'debian' && /^(12|bookworm)\b/.test(from.tag ?? '')) ||
      /(^|-)bookworm(-|$)/.test(from.tag ?? ''));
  return bookworm
    ? 'python3-pip on Debian 12: 477 MB with its recommends, 48 MB without'
    : 'python3-pip recommends build-essential and python3-dev, a C toolchain';
}

const OFF = ['--no-install-recommends', '--install-recommends=no', '--install-recommends=false'];

/** `apt-get install` without `--no-install-recommends`: recommended packages ship too. One finding per RUN. */
export const aptNoInstallRecommends: Rule<'recommends' | 'recommendsPip'> = {
  meta: {
    id: 'apt-no-install-recommends',
    severity: 'warning',
    category: 'size',
    aliases: ['DL3015'],
    description: '`apt-get install` runs without `--no-install-recommends`.',
    messages: {
      recommends:
        '`{{program}} install` also installs the recommended packages of {{packages}}, whether or not the image needs them. Fix: `{{program}} install -y --no-install-recommends …` and name what you need.',
      recommendsPip:
        '`{{program}} install` also installs the recommended packages of {{packages}} ({{pip}}). Fix: `{{program}} install -y --no-install-recommends …` and name what you need.',
    },
    fixable: true,
  },
  check({ model, report }) {
    for (const run of runs(model, { shippedOnly: true })) {
      const installs = run.commands.filter((command) => {
        const apt = aptInstall(command);
        if (!apt) return false;
        if (operands(command.argv, apt.valued, apt.index + 1).length === 0) return false;
        if (hasOption(command.argv, OFF)) return false;
        return !aptOptions(command).some((o) => /^apt::install-recommends=(false|0|no|off)$/.test(o));
      });
      const [first] = installs;
      if (!first || aptConfigures(model, run, /APT::Install-Recommends/i)) continue;
      const packages = [...new Set(installs.flatMap((c) => installedPackages(c) ?? []))];
      const names = packages.length > 4 ? `${packages.slice(0, 4).join(', ')}, …` : packages.join(', ');
      const data = { program: aptInstall(first)?.program ?? 'apt-get', packages: names };
      const fix = () => fixFor(model, run, installs);
      if (!packages.includes('python3-pip')) report(run.instruction, 'recommends', data, fix);
      else
        report(
          run.instruction,
          'recommendsPip',
          { ...data, pip: pipRecommends(model, run.instruction) },
          fix,
        );
    }
  },
};

/** ` --no-install-recommends` after `install` in each flagged command, per program; undefined if unsure. */
function fixFor(
  model: DockerfileModel,
  run: RunCommands,
  installs: readonly ShellCommand[],
): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  for (const program of ['apt-get', 'apt']) {
    const same = run.commands.filter((c) => {
      const apt = aptCommand(c);
      return apt?.program === program && apt.sub === 'install';
    });
    if (same.length === 0) continue;
    const wanted = same.map((c) => installs.includes(c));
    const found = insertAfterSubcommand(
      model,
      run.instruction,
      program,
      'install',
      wanted,
      ' --no-install-recommends',
    );
    if (!found) return undefined;
    edits.push(...found);
  }
  return edits;
}
