import type { Rule } from '../types.js';
import { apkPackages, apkPinned, listPackages, unpinnedInstalls } from './support/version-pins.js';

const PACKAGES = apkPackages;

/** `apk add` of packages without a version: a rebuild may get other releases. Off unless the config enables it. */
export const apkVersionNotPinned: Rule<'unpinned'> = {
  meta: {
    id: 'apk-version-not-pinned',
    severity: 'warning',
    category: 'correctness',
    aliases: ['DL3018'],
    description: '`apk add` names packages without a version.',
    messages: {
      unpinned:
        '`apk add` installs {{packages}} without a version, so a rebuild of the same Dockerfile can get a different release. Fix: `apk add {{first}}=<version>`, or `{{first}}~<major.minor>` to follow patch releases.',
    },
    enabledByDefault: false,
  },
  check({ model, report }) {
    for (const { run, packages } of unpinnedInstalls(model, PACKAGES, apkPinned)) {
      report(run.instruction, 'unpinned', { packages: listPackages(packages), first: packages[0] ?? '' });
    }
  },
};
