import type { Rule } from '../types.js';
import { listPackages, rpmPackages, rpmPinned, unpinnedInstalls } from './support/version-pins.js';

const PACKAGES = rpmPackages(['yum']);

/** `yum install` of packages without a version: a rebuild may get other releases. Off unless the config enables it. */
export const yumVersionNotPinned: Rule<'unpinned'> = {
  meta: {
    id: 'yum-version-not-pinned',
    severity: 'warning',
    category: 'correctness',
    aliases: ['DL3033'],
    description: '`yum install` names packages without a version.',
    messages: {
      unpinned:
        '`yum install` installs {{packages}} without a version, so a rebuild of the same Dockerfile can get a different release. Fix: `yum install -y {{first}}-<version>`.',
    },
    enabledByDefault: false,
  },
  check({ model, report }) {
    for (const { run, packages } of unpinnedInstalls(model, PACKAGES, rpmPinned)) {
      report(run.instruction, 'unpinned', { packages: listPackages(packages), first: packages[0] ?? '' });
    }
  },
};
