import type { Rule } from '../types.js';
import { aptPackages, aptPinned, listPackages, unpinnedInstalls } from './support/version-pins.js';

const PACKAGES = aptPackages;

/** `apt-get install` of packages without a version: a rebuild may get other releases. Off unless the config enables it. */
export const aptVersionNotPinned: Rule<'unpinned'> = {
  meta: {
    id: 'apt-version-not-pinned',
    severity: 'warning',
    category: 'correctness',
    aliases: ['DL3008'],
    description: '`apt-get install` names packages without a version.',
    messages: {
      unpinned:
        '`apt-get install` installs {{packages}} without a version, so a rebuild of the same Dockerfile can get a different release. Fix: `apt-get install -y {{first}}=<version>`.',
    },
    enabledByDefault: false,
  },
  check({ model, report }) {
    for (const { run, packages } of unpinnedInstalls(model, PACKAGES, aptPinned)) {
      report(run.instruction, 'unpinned', { packages: listPackages(packages), first: packages[0] ?? '' });
    }
  },
};
