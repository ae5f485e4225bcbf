/**
 * `docker-diet fix`: finds the Dockerfiles `docker-diet lint` would lint, fixes them with the fixable
 * rules (as the config file sets them, suppressions respected) and writes them back, or with `--diff`
 * only prints what it would change. Kept out of cli.ts so the CLI only wires flags to it.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { loadConfigFile } from '../config/config-file.js';
import type { Settings } from '../config/settings.js';
import { ExitCode } from '../constants.js';
import { usageError } from '../errors.js';
import { discoverDockerfiles } from './discover.js';
import { fixDockerfile } from './fixer.js';
import { RULES } from './rules/index.js';
import { unifiedDiff } from './unified-diff.js';

/** Files larger than this are skipped, as the linter skips them. */
const MAX_DOCKERFILE_BYTES = 1024 * 1024;

/** What the fix command is asked to do. */
export interface FixCommandOptions {
  /** Print a unified diff and change nothing; exit 1 when there is something to fix. */
  diff: boolean;
  /** Rule ids to limit the fixes to (`--rule`, repeatable); all fixable rules when empty. */
  rules: readonly string[];
}

/** Where the command reads and writes. */
export interface FixCommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  cwd: string;
}

/**
 * Runs `docker-diet fix` over the Dockerfiles the settings name (`lint` globs and paths, or the
 * defaults). Returns the exit code: 0, or 1 under `--diff` when some file has something to fix.
 */
export async function runFixCommand(
  settings: Settings,
  io: FixCommandIo,
  options: FixCommandOptions,
): Promise<number> {
  const only = options.rules.length > 0 ? checkRuleIds(options.rules) : undefined;
  const label = path.relative(io.cwd, settings.config).split(path.sep).join('/') || settings.config;
  const config = await loadConfigFile(settings.config, settings.configRequired, label);
  const discovery = await discoverDockerfiles({
    workspace: io.cwd,
    patterns: settings.lint,
    ignorePaths: config.ignorePaths,
  });
  const warn = (message: string): void => void io.stderr.write(`docker-diet: ${message}\n`);
  for (const glob of discovery.unmatched) warn(`fix: "${glob}" matched no file`);

  let changedFiles = 0;
  let total = 0;
  for (const found of discovery.files) {
    const text = await readDockerfile(found.absolute, found.file, warn);
    if (text === undefined) continue;
    const outcome = fixDockerfile(found.file, text, { config, only, onWarning: warn });
    if (outcome.text === text) continue;
    changedFiles += 1;
    total += outcome.fixed.length;
    if (options.diff) {
      io.stdout.write(unifiedDiff(found.file, text, outcome.text));
    } else {
      await fs.writeFile(found.absolute, outcome.text);
      const ids = [...new Set(outcome.fixed)].sort().join(', ');
      io.stdout.write(`${found.file}: ${plural(outcome.fixed.length, 'fix', 'fixes')} (${ids})\n`);
    }
  }
  const files = plural(discovery.files.length, 'Dockerfile', 'Dockerfiles');
  if (changedFiles === 0) {
    io.stderr.write(`Nothing to fix in ${files}\n`);
    return ExitCode.Ok;
  }
  const verb = options.diff ? 'Would fix' : 'Fixed';
  io.stderr.write(
    `${verb} ${plural(total, 'problem', 'problems')} in ${plural(changedFiles, 'file', 'files')} (of ${files})\n`,
  );
  return options.diff ? ExitCode.PolicyFailure : ExitCode.Ok;
}

/** The `--rule` ids as a set; a usage error for an unknown id or a rule that offers no fix. */
function checkRuleIds(ids: readonly string[]): Set<string> {
  for (const id of ids) {
    const rule = RULES.find((r) => r.meta.id === id);
    if (!rule) throw usageError(`fix: --rule "${id}" is not a rule id (see docker-diet rules)`);
    if (!rule.meta.fixable) throw usageError(`fix: rule "${id}" has no automatic fix`);
  }
  return new Set(ids);
}

/** The file's text, or undefined (with a warning) when it cannot be read or is not a Dockerfile. */
async function readDockerfile(
  absolute: string,
  file: string,
  warn: (message: string) => void,
): Promise<string | undefined> {
  let buffer: Buffer;
  try {
    buffer = await fs.readFile(absolute);
  } catch (error) {
    warn(`${file}: cannot be read (${(error as Error).message}); skipped`);
    return undefined;
  }
  if (buffer.length > MAX_DOCKERFILE_BYTES || buffer.includes(0)) {
    warn(`${file}: does not look like a Dockerfile (binary or over 1 MiB); skipped`);
    return undefined;
  }
  return buffer.toString('utf8');
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
