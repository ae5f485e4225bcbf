import type { Rule } from '../types.js';
import { gemPackages, gemPinned, listPackages, unpinnedInstalls } from './support/version-pins.js';

const PACKAGES = gemPackages;

/** `gem install` of packages without a version: a rebuild may get other releases. Off unless the config enables it. */
export const gemVersionNotPinned: Rule<'unpinned'> = {
  meta: {
    id: 'gem-version-not-pinned',
    severity: 'warning',
    category: 'correctness',
    aliases: ['DL3028'],
    description: '`gem install` names packages without a version.',
    messages: {
      unpinned:
        '`gem install` installs {{packages}} without a version, so a rebuild of the same Dockerfile can get a different release. Fix: `gem install {{first}}:<version>` (or `-v <version>`).',
    },
    enabledByDefault: false,
  },
  check({ model, report }) {
    for (const { run, packages } of unpinnedInstalls(model, PACKAGES, gemPinned)) {
      report(run.instruction, 'unpinned', { packages: listPackages(packages), first: packages[0] ?? '' });
    }
  },
};
