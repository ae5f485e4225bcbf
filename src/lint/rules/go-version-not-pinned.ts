import type { Rule } from '../types.js';
import { goPackages, goPinned, listPackages, unpinnedInstalls } from './support/version-pins.js';

const PACKAGES = goPackages;

/** `go install`, `go get` or `go run` of packages without a version: a rebuild may get other releases. Off unless the config enables it. */
export const goVersionNotPinned: Rule<'unpinned'> = {
  meta: {
    id: 'go-version-not-pinned',
    severity: 'warning',
    category: 'correctness',
    aliases: ['DL3062'],
    description: '`go install`, `go get` or `go run` names packages without a version.',
    messages: {
      unpinned:
        '`go install`, `go get` or `go run` installs {{packages}} without a version, so a rebuild of the same Dockerfile can get a different release. Fix: `go install {{first}}@<version>` with a release tag, not `@latest`.',
    },
    enabledByDefault: false,
  },
  check({ model, report }) {
    for (const { run, packages } of unpinnedInstalls(model, PACKAGES, goPinned)) {
      report(run.instruction, 'unpinned', { packages: listPackages(packages), first: packages[0] ?? '' });
    }
  },
};
