import { programName } from '../../dockerfile/shell.js';
import { shippedStages } from '../../dockerfile/stages.js';
import type { Rule } from '../types.js';
import { installedPackages } from './support/package-managers.js';

/** hadolint DL3001's list, plus nano: commands that do nothing useful during an image build. */
const POINTLESS = new Set([
  'ssh',
  'vim',
  'nano',
  'shutdown',
  'service',
  'ps',
  'free',
  'top',
  'kill',
  'mount',
  'ifconfig',
]);

/**
 * Editors and SSH servers have no place in a shipped image. Sizes: `apt-get install
 * --no-install-recommends` on Debian 12 (amd64), measured here.
 */
const UNWANTED_PACKAGES: Record<string, string> = {
  vim: '41.7 MB',
  'vim-nox': '',
  'vim-tiny': '',
  'vim-enhanced': '',
  neovim: '',
  nano: '3.3 MB',
  emacs: '',
  'emacs-nox': '305 MB',
  'openssh-server': '20.7 MB, 51 MB with recommends',
  openssh: '', // Alpine's meta package pulls in sshd
  ssh: '', // Debian's meta package: client and server
  dropbear: '',
};

/** RUN calls `service`, `ps`, `vim`… (DL3001), or the shipped image installs an editor or SSH server. */
export const pointlessCommands: Rule<
  'pointlessCommand' | 'pointlessCommands' | 'unwantedPackages' | 'unwantedPackagesSized'
> = {
  meta: {
    id: 'pointless-commands',
    severity: 'info',
    category: 'size',
    aliases: ['DL3001'],
    paths: [
      '/usr/share/vim/**',
      '/usr/bin/vim*',
      '/usr/bin/nano',
      '/usr/share/nano/**',
      '/usr/share/emacs/**',
      '/usr/sbin/sshd',
    ],
    description:
      'RUN calls commands that make no sense in an image build, or installs editors or an SSH server.',
    messages: {
      pointlessCommand:
        '{{commands}} in a RUN makes no sense in an image build: there is no init system, terminal or user, and whatever it starts, shows or changes is gone when the RUN ends (hadolint DL3001). Fix: remove it; start services from CMD/ENTRYPOINT, edit files with COPY or sed, inspect a running container with `docker exec`.',
      pointlessCommands:
        '{{commands}} in a RUN make no sense in an image build: there is no init system, terminal or user, and whatever it starts, shows or changes is gone when the RUN ends (hadolint DL3001). Fix: remove it; start services from CMD/ENTRYPOINT, edit files with COPY or sed, inspect a running container with `docker exec`.',
      unwantedPackages:
        'This RUN installs {{packages}} into the shipped image: editors and SSH servers add size and attack surface, and containers are not entered by SSH. Fix: drop them; debug with `docker exec`, or build a separate debug image from a `dev` stage (`FROM app AS dev` + `RUN … install vim`).',
      unwantedPackagesSized:
        'This RUN installs {{packages}} into the shipped image ({{sizes}} on Debian 12): editors and SSH servers add size and attack surface, and containers are not entered by SSH. Fix: drop them; debug with `docker exec`, or build a separate debug image from a `dev` stage (`FROM app AS dev` + `RUN … install vim`).',
    },
  },
  check({ model, report }) {
    const shipped = shippedStages(model);
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'RUN') continue;
      const commands = instruction.commands;
      const called = commands.some((c) => POINTLESS.has(programName(c)))
        ? [...new Set(commands.map(programName).filter((p) => POINTLESS.has(p)))]
        : [];
      if (called.length > 0) {
        report(instruction, called.length > 1 ? 'pointlessCommands' : 'pointlessCommand', {
          commands: list(called),
        });
      }
      // Installing them only matters in stages that end up in the image (a `dev` stage is the fix).
      if (!shipped.has(instruction.stage)) continue;
      const unwanted = [
        ...new Set(
          commands
            .flatMap((c) => installedPackages(c) ?? [])
            .filter((p) => Object.hasOwn(UNWANTED_PACKAGES, p)),
        ),
      ];
      if (unwanted.length === 0) continue;
      const sizes = unwanted
        .map((p) => (UNWANTED_PACKAGES[p] ? `${p}: ${UNWANTED_PACKAGES[p]}` : ''))
        .filter(Boolean);
      if (sizes.length === 0) report(instruction, 'unwantedPackages', { packages: list(unwanted) });
      else
        report(instruction, 'unwantedPackagesSized', { packages: list(unwanted), sizes: sizes.join('; ') });
    }
  },
};

function list(names: string[]): string {
  return names.map((n) => `\`${n}\``).join(', ');
}
