import type { Rule } from '../types.js';
import { listPackages, unpinnedInstalls, zypperPackages, zypperPinned } from './support/version-pins.js';

const PACKAGES = zypperPackages;

/** `zypper install` of packages without a version: a rebuild may get other releases. Off unless the config enables it. */
export const zypperVersionNotPinned: Rule<'unpinned'> = {
  meta: {
    id: 'zypper-version-not-pinned',
    severity: 'warning',
    category: 'correctness',
    aliases: ['DL3037'],
    description: '`zypper install` names packages without a version.',
    messages: {
      unpinned:
        '`zypper install` installs {{packages}} without a version, so a rebuild of the same Dockerfile can get a different release. Fix: `zypper install -y {{first}}=<version>`.',
    },
    enabledByDefault: false,
  },
  check({ model, report }) {
    for (const { run, packages } of unpinnedInstalls(model, PACKAGES, zypperPinned)) {
      report(run.instruction, 'unpinned', { packages: listPackages(packages), first: packages[0] ?? '' });
    }
  },
};
