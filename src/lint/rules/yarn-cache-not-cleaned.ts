import { programName, type ShellCommand } from '../../dockerfile/shell.js';
import { envIsSet } from '../../dockerfile/variables.js';
import { appendToRun } from '../fix.js';
import type { Rule } from '../types.js';
import { hasOption, operands, subcommand, type ValuedOptions } from './support/argv.js';
import { toolCommand, uncleanedCaches } from './support/package-managers.js';

const VALUED: ValuedOptions = {
  long: [
    '--cwd',
    '--cache-folder',
    '--modules-folder',
    '--network-timeout',
    '--mutex',
    '--registry',
    '--global-folder',
  ],
  short: '',
};

/** For `yarn`, `yarn install`, `yarn add …`, `yarn global add …` (commands that download): how it was written. */
function yarnInstall(command: ShellCommand): string | undefined {
  if (programName(command) !== 'yarn') return undefined;
  const sub = subcommand(command.argv, VALUED);
  // Bare `yarn` (options only) installs, except for `yarn --version` / `yarn --help`.
  if (!sub) return hasOption(command.argv, ['--version', '--help'], 'vh') ? undefined : 'yarn';
  if (sub.name === 'global' && command.argv[sub.index + 1] === 'add') return 'yarn global add';
  // Yarn Berry's `yarn workspaces focus [--production]` installs the named workspaces' dependencies.
  if (sub.name === 'workspaces' && command.argv[sub.index + 1] === 'focus') return 'yarn workspaces focus';
  return sub.name === 'install' || sub.name === 'add' ? `yarn ${sub.name}` : undefined;
}

/** `yarn install` whose cache is not cleaned in the same RUN. */
export const yarnCacheNotCleaned: Rule<'cacheKept'> = {
  meta: {
    id: 'yarn-cache-not-cleaned',
    severity: 'info',
    category: 'size',
    aliases: ['DL3060'],
    paths: ['/usr/local/share/.cache/yarn/**'],
    description: '`yarn install` runs without `yarn cache clean` in the same RUN.',
    messages: {
      cacheKept:
        "`{{command}}` keeps every downloaded package in Yarn's cache ({{cache}}) in this layer. Fix: end the same RUN with `&& {{clean}}`, or `RUN --mount=type=cache,target={{target}} …`.",
    },
    fixable: true,
  },
  check({ model, report }) {
    const found = uncleanedCaches(model, {
      fills: (c, index, run) =>
        yarnInstall(c) !== undefined &&
        // A cache somewhere else: the rule cannot tell whether it is cleaned, so it is silent.
        !hasOption(c.argv, ['--cache-folder']) &&
        !envIsSet(model, run, index, 'YARN_CACHE_FOLDER'),
      cleans: (c) => {
        const yarn = toolCommand(c, ['yarn'], VALUED);
        if (yarn?.sub === 'cache' && c.argv[yarn.index + 1] === 'clean') return true;
        // A project's Berry cache wherever the project is (`rm -rf /app/.yarn/cache`): taken as cleaned.
        return (
          programName(c) === 'rm' && operands(c.argv).some((o) => /(^|\/)\.yarn\/cache(\/\*?)?$/.test(o))
        );
      },
      // Yarn 1 caches in /usr/local/share/.cache/yarn as root, ~/.cache/yarn otherwise; Yarn 4 in
      // ~/.yarn/berry/cache, Yarn 2–3 in the project's .yarn/cache.
      dirs: ['/usr/local/share/.cache/yarn', '~/.cache/yarn', '~/.yarn/berry/cache', '.yarn/cache'],
    });
    for (const { run, command } of found) {
      const label = yarnInstall(command) ?? 'yarn';
      // `workspaces focus` only exists in Yarn 2+, which caches in ~/.yarn/berry/cache (Yarn 4) or the
      // project's .yarn/cache (Yarn 2–3); Yarn 1 caches in /usr/local/share/.cache/yarn as root.
      const berry = label === 'yarn workspaces focus';
      const clean = berry ? 'yarn cache clean --all' : 'yarn cache clean';
      // Worked out only when fixes are asked for (`docker-diet fix`).
      const fix = () => {
        const edit = appendToRun(model, run.instruction, ` && ${clean}`);
        return edit && [edit];
      };
      report(
        run.instruction,
        'cacheKept',
        {
          command: label,
          cache: berry
            ? '~/.yarn/berry/cache, or .yarn/cache in the project'
            : '/usr/local/share/.cache/yarn',
          clean,
          target: berry ? '/root/.yarn/berry/cache' : '/usr/local/share/.cache/yarn',
        },
        fix,
      );
    }
  },
};
