import type { Rule } from '../types.js';
import { listPackages, pipPackages, pipPinned, unpinnedInstalls } from './support/version-pins.js';

const PACKAGES = pipPackages;

/** `pip install` of packages without a version: a rebuild may get other releases. Off unless the config enables it. */
export const pipVersionNotPinned: Rule<'unpinned'> = {
  meta: {
    id: 'pip-version-not-pinned',
    severity: 'warning',
    category: 'correctness',
    aliases: ['DL3013'],
    description: '`pip install` names packages without a version.',
    messages: {
      unpinned:
        '`pip install` installs {{packages}} without a version, so a rebuild of the same Dockerfile can get a different release. Fix: `pip install {{first}}==<version>`, or install from a requirements or constraints file (`-r`, `-c`).',
    },
    enabledByDefault: false,
  },
  check({ model, report }) {
    for (const { run, packages } of unpinnedInstalls(model, PACKAGES, pipPinned)) {
      report(run.instruction, 'unpinned', { packages: listPackages(packages), first: packages[0] ?? '' });
    }
  },
};
