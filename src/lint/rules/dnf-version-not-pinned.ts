import type { Rule } from '../types.js';
import { listPackages, rpmPackages, rpmPinned, unpinnedInstalls } from './support/version-pins.js';

const PACKAGES = rpmPackages(['dnf', 'dnf5', 'dnf-3', 'microdnf']);

/** `dnf install` or `microdnf install` of packages without a version: a rebuild may get other releases. Off unless the config enables it. */
export const dnfVersionNotPinned: Rule<'unpinned'> = {
  meta: {
    id: 'dnf-version-not-pinned',
    severity: 'warning',
    category: 'correctness',
    aliases: ['DL3041'],
    description: '`dnf install` or `microdnf install` names packages without a version.',
    messages: {
      unpinned:
        '`dnf install` or `microdnf install` installs {{packages}} without a version, so a rebuild of the same Dockerfile can get a different release. Fix: `dnf install -y {{first}}-<version>`.',
    },
    enabledByDefault: false,
  },
  check({ model, report }) {
    for (const { run, packages } of unpinnedInstalls(model, PACKAGES, rpmPinned)) {
      report(run.instruction, 'unpinned', { packages: listPackages(packages), first: packages[0] ?? '' });
    }
  },
};
