/**
 * RUNs that only clean up: every command deletes files or clears package-manager state. Such a RUN
 * saves nothing, since the files stay in the earlier layers; the rule needs to know what it removes.
 */
import { programName, type ShellCommand } from '../../../dockerfile/shell.js';
import { cdTarget, changeDirectory, resolvePath } from '../../../dockerfile/workdir.js';
import { hasOption, operands } from './argv.js';
import type { Target } from './copy-paths.js';

/** Commands that neither create nor delete files: they may sit in a cleanup-only RUN. */
const NEUTRAL = new Set([
  'set',
  'cd',
  'true',
  ':',
  'echo',
  'printf',
  '[',
  'test',
  'fi',
  'done',
  'esac',
  'exit',
  'export',
  'sync',
  'rmdir',
  'ls',
  'du',
  'df',
]);

/** Package-manager subcommands that only remove, and the programs whose earlier use they undo. */
const PACKAGE_CLEANUPS: { programs: string[]; subcommands: string[]; createdBy: string[] }[] = [
  {
    programs: ['apt-get', 'apt'],
    subcommands: ['clean', 'autoclean', 'autoremove', 'purge', 'remove', 'distclean'],
    createdBy: ['apt-get', 'apt', 'dpkg'],
  },
  { programs: ['apk'], subcommands: ['del', 'cache'], createdBy: ['apk'] },
  {
    programs: ['yum', 'dnf', 'microdnf'],
    subcommands: ['clean', 'remove', 'erase', 'autoremove'],
    createdBy: ['yum', 'dnf', 'microdnf', 'rpm'],
  },
  { programs: ['zypper'], subcommands: ['clean', 'cc', 'remove', 'rm'], createdBy: ['zypper', 'rpm'] },
  { programs: ['npm'], subcommands: ['cache', 'prune', 'uninstall'], createdBy: ['npm', 'npx'] },
  { programs: ['yarn'], subcommands: ['cache'], createdBy: ['yarn'] },
  { programs: ['pnpm'], subcommands: ['store'], createdBy: ['pnpm'] },
  {
    programs: ['pip', 'pip3'],
    subcommands: ['cache', 'uninstall'],
    createdBy: ['pip', 'pip3', 'python', 'python3'],
  },
  { programs: ['gem'], subcommands: ['cleanup', 'uninstall'], createdBy: ['gem', 'bundle'] },
  {
    programs: ['conda', 'mamba', 'micromamba'],
    subcommands: ['clean'],
    createdBy: ['conda', 'mamba', 'micromamba'],
  },
  { programs: ['composer'], subcommands: ['clear-cache', 'clearcache'], createdBy: ['composer'] },
  { programs: ['go'], subcommands: ['clean'], createdBy: ['go'] },
];

/** Every program that may appear in a cleanup-only RUN. */
const CLEANUP_PROGRAMS = new Set([
  ...NEUTRAL,
  'rm',
  'unlink',
  'find',
  ...PACKAGE_CLEANUPS.flatMap((p) => p.programs),
]);

/** What a cleanup-only RUN removes: paths, and package-manager state left by earlier uses of `createdBy`. */
export interface Cleanup {
  /** The commands that remove something, as written. */
  commands: ShellCommand[];
  /** Resolved paths deleted with rm/unlink/find; unresolvable paths are left out. */
  targets: Target[];
  /** Programs whose earlier runs made what the package-manager cleanups remove. */
  createdBy: string[];
}

/**
 * When every command of a RUN only deletes files or cleans package-manager state (set/cd/echo
 * aside), what it removes; otherwise undefined. `cwd` gives the WORKDIR in effect, if known (it is
 * asked only for a RUN that may be cleanup-only).
 */
export function cleanupOnly(commands: ShellCommand[], cwd: () => string | undefined): Cleanup | undefined {
  // Most RUNs install or build something: rule them out by program before reading any operand.
  if (commands.some((c) => c.argv.length > 0 && !CLEANUP_PROGRAMS.has(programName(c)))) return undefined;
  const cleanup: Cleanup = { commands: [], targets: [], createdBy: [] };
  // The WORKDIR is looked up once a path needs it: `undefined` is a real answer (unknown).
  let dir: string | undefined | null = null;
  const here = (): string | undefined => (dir === null ? (dir = cwd()) : dir);
  for (const command of commands) {
    const program = programName(command);
    const to = cdTarget(command);
    if (to !== undefined) dir = changeDirectory(here(), to);
    if (NEUTRAL.has(program) || command.argv.length === 0) continue;
    const args = operands(command.argv);
    const paths = deletedPaths(command);
    const pkg = PACKAGE_CLEANUPS.find(
      (p) => p.programs.includes(program) && p.subcommands.includes(args[0] ?? ''),
    );
    if (!paths && !pkg) return undefined;
    cleanup.commands.push(command);
    cleanup.createdBy.push(...(pkg?.createdBy ?? []));
    for (const { path, recursive } of paths ?? []) {
      const resolved = resolvePath(path, here());
      if (resolved !== undefined) cleanup.targets.push({ path: resolved, recursive });
    }
  }
  return cleanup.commands.length > 0 ? cleanup : undefined;
}

/** Paths an `rm`, `unlink` or `find … -delete` deletes; undefined for other commands. */
export function deletedPaths(command: ShellCommand): { path: string; recursive: boolean }[] | undefined {
  const program = programName(command);
  const argv = command.argv;
  if (program === 'rm' || program === 'unlink') {
    const recursive = hasOption(argv, ['--recursive'], 'rR');
    return operands(argv).map((path) => ({ path, recursive }));
  }
  const deletes =
    argv.includes('-delete') || argv.some((a, i) => /^-exec(dir)?$/.test(a) && argv[i + 1] === 'rm');
  if (program !== 'find' || !deletes) return undefined;
  const end = argv.findIndex((a, i) => i > 0 && /^[-!(]/.test(a));
  return argv.slice(1, end === -1 ? undefined : end).map((path) => ({ path, recursive: true }));
}
