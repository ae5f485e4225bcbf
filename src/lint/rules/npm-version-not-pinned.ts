import type { Rule } from '../types.js';
import { listPackages, npmPackages, npmPinned, unpinnedInstalls } from './support/version-pins.js';

const PACKAGES = npmPackages;

/** `npm install` of packages without a version: a rebuild may get other releases. Off unless the config enables it. */
export const npmVersionNotPinned: Rule<'unpinned'> = {
  meta: {
    id: 'npm-version-not-pinned',
    severity: 'warning',
    category: 'correctness',
    aliases: ['DL3016'],
    description: '`npm install` names packages without a version.',
    messages: {
      unpinned:
        '`npm install` installs {{packages}} without a version, so a rebuild of the same Dockerfile can get a different release. Fix: `npm install {{first}}@<version>`, or let package.json and its lock file decide (`npm ci`).',
    },
    enabledByDefault: false,
  },
  check({ model, report }) {
    for (const { run, packages } of unpinnedInstalls(model, PACKAGES, npmPinned)) {
      report(run.instruction, 'unpinned', { packages: listPackages(packages), first: packages[0] ?? '' });
    }
  },
};
