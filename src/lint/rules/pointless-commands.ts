import type { DockerfileModel } from '../../dockerfile/model.js';
import { programName, type ShellCommand } from '../../dockerfile/shell.js';
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

/** Editors: an image made to be worked in (a devcontainer) wants them. */
const EDITORS = new Set([
  'vim',
  'vim-nox',
  'vim-tiny',
  'vim-enhanced',
  'neovim',
  'nano',
  'emacs',
  'emacs-nox',
]);

/** SSH servers: an image whose ENTRYPOINT/CMD runs one exists to serve SSH. */
const SSH_SERVERS = new Set([
  'openssh-server',
  'openssh', // Alpine's meta package pulls in sshd
  'ssh', // Debian's meta package: client and server
  'dropbear',
]);

/** Programs that only wait or print: they do not use a service started before them. */
const IDLE = new Set(['sleep', 'echo', 'printf', 'true', ':', 'set', 'wait', 'export']);

/** RUN calls `service`, `ps`, `vim`… (DL3001), or the shipped image installs an editor or SSH server. */
export const pointlessCommands: Rule<'pointlessCommand' | 'pointlessCommands' | 'unwantedPackages'> = {
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
        '{{commands}} in a RUN does nothing lasting in an image build, which has no init system, terminal or user (hadolint DL3001). Fix: remove it; start services from CMD/ENTRYPOINT, edit files with COPY or sed, inspect a running container with `docker exec`.',
      pointlessCommands:
        '{{commands}} in a RUN do nothing lasting in an image build, which has no init system, terminal or user (hadolint DL3001). Fix: remove them; start services from CMD/ENTRYPOINT, edit files with COPY or sed, inspect a running container with `docker exec`.',
      unwantedPackages:
        'This RUN installs {{packages}} into the shipped image, adding size and attack surface for tools a container does not need. Fix: drop them; debug with `docker exec`, or install them in a `dev` stage built only on demand (`FROM app AS dev` + `RUN … install vim`).',
    },
  },
  check({ model, report }) {
    const shipped = shippedStages(model);
    // Worked out once a shipped stage installs an editor or an SSH server.
    let purpose: { devcontainer: boolean; servesSsh: boolean } | undefined;
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'RUN') continue;
      const commands = instruction.commands;
      const called = commands.some((c) => POINTLESS.has(programName(c)))
        ? [...new Set(commands.map(programName).filter((p) => POINTLESS.has(p)))]
        : [];
      // A service started and then used in the same RUN (create a database, load data) leaves its data
      // in the layer: starting, and stopping it again, is the point.
      const used = startsAndUses(commands)
        ? called.filter((p) => !['service', 'kill', 'shutdown'].includes(p))
        : called;
      if (used.length > 0) {
        report(instruction, used.length > 1 ? 'pointlessCommands' : 'pointlessCommand', {
          commands: list(used),
        });
      }
      // Installing them only matters in stages that end up in the image (a `dev` stage is the fix).
      if (!shipped.has(instruction.stage)) continue;
      const installed = [...new Set(commands.flatMap((c) => installedPackages(c) ?? []))];
      if (!installed.some((p) => EDITORS.has(p) || SSH_SERVERS.has(p))) continue;
      purpose ??= imagePurpose(model, shipped);
      const { devcontainer, servesSsh } = purpose;
      const unwanted = installed.filter(
        (p) => (EDITORS.has(p) && !devcontainer) || (SSH_SERVERS.has(p) && !servesSsh),
      );
      if (unwanted.length > 0) report(instruction, 'unwantedPackages', { packages: list(unwanted) });
    }
  },
};

/**
 * What the image is for: a devcontainer (its file is under `.devcontainer/` or has `devcontainer` in
 * its name) is worked in, so editors belong; an image whose ENTRYPOINT or CMD runs sshd or dropbear
 * serves SSH, so the server is its product.
 */
function imagePurpose(
  model: DockerfileModel,
  shipped: ReadonlySet<number>,
): { devcontainer: boolean; servesSsh: boolean } {
  const devcontainer = /(^|\/)\.devcontainer\/|devcontainer/i.test(model.file);
  const servesSsh = model.instructions.some(
    (i) =>
      (i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT') &&
      shipped.has(i.stage) &&
      /(^|[\s/"'[,])(sshd|dropbear)(["'\s,\]]|$)/.test(i.args),
  );
  return { devcontainer, servesSsh };
}

/**
 * True when the RUN starts a service (`service X start`, `/etc/init.d/X start`, `pg_ctl start`, a
 * database daemon) and a later command of the same RUN does something other than wait or stop.
 */
function startsAndUses(commands: ShellCommand[]): boolean {
  const start = commands.findIndex(startsService);
  if (start === -1) return false;
  return commands
    .slice(start + 1)
    .some((c) => !startsService(c) && !IDLE.has(programName(c)) && !POINTLESS.has(programName(c)));
}

const DAEMONS = /^(mysqld|mysqld_safe|mariadbd|mariadbd-safe|mongod|postgres|redis-server)$/;

function startsService(command: ShellCommand): boolean {
  const program = programName(command);
  const { argv } = command;
  if (program === 'service') return /^(start|restart)$/.test(argv[2] ?? '');
  if (/^\/etc\/init\.d\//.test(argv[0] ?? '')) return /^(start|restart)$/.test(argv[1] ?? '');
  if (program === 'pg_ctl' || program === 'pg_ctlcluster') return argv.includes('start');
  return DAEMONS.test(program);
}

function list(names: string[]): string {
  return names.map((n) => `\`${n}\``).join(', ');
}
