import { envIsSet } from '../../dockerfile/variables.js';
import { appendToRun } from '../fix.js';
import type { Rule } from '../types.js';
import { hasOption } from './support/argv.js';
import { toolCommand, uncleanedCaches } from './support/package-managers.js';

// npm's install commands with their aliases (`npm i`, `npm ci`, `npm clean-install`, …).
const INSTALLS = new Set([
  'install',
  'i',
  'in',
  'ins',
  'add',
  'isntall',
  'ci',
  'clean-install',
  'ic',
  'install-clean',
  'isntall-clean',
  'install-test',
  'it',
  'install-ci-test',
  'cit',
]);

/** `npm install` / `npm ci` whose download cache (~/.npm) is not cleaned in the same RUN. */
export const npmCacheNotCleaned: Rule<'cacheKept'> = {
  meta: {
    id: 'npm-cache-not-cleaned',
    severity: 'info',
    category: 'size',
    aliases: [],
    paths: ['/root/.npm/**'],
    description: '`npm install` or `npm ci` runs without `npm cache clean --force` in the same RUN.',
    messages: {
      cacheKept:
        '`npm {{sub}}` keeps a copy of every downloaded package tarball in ~/.npm in this layer. Fix: end the same RUN with `&& npm cache clean --force`, or `RUN --mount=type=cache,target=/root/.npm …`.',
    },
    fixable: true,
  },
  check({ model, report }) {
    const found = uncleanedCaches(model, {
      fills: (c, index, run) =>
        INSTALLS.has(toolCommand(c, ['npm'])?.sub ?? '') &&
        // A cache somewhere else: the rule cannot tell whether it is cleaned, so it is silent.
        !hasOption(c.argv, ['--cache']) &&
        !['npm_config_cache', 'NPM_CONFIG_CACHE'].some((name) => envIsSet(model, run, index, name)),
      cleans: (c) => {
        const npm = toolCommand(c, ['npm']);
        return npm?.sub === 'cache' && ['clean', 'clear', 'rm'].includes(c.argv[npm.index + 1] ?? '');
      },
      dirs: ['~/.npm'],
    });
    for (const { run, command } of found) {
      // Worked out only when fixes are asked for (`docker-diet fix`).
      const fix = () => {
        const edit = appendToRun(model, run.instruction, ' && npm cache clean --force');
        return edit && [edit];
      };
      report(run.instruction, 'cacheKept', { sub: toolCommand(command, ['npm'])?.sub ?? 'install' }, fix);
    }
  },
};
