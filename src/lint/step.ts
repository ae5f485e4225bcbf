/**
 * The lint step of the pipeline: read the config, find the Dockerfiles, lint them, return findings
 * for the report.
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger.js';
import type { Finding } from '../report/model.js';
import { loadConfigFile, type ConfigFile } from '../config/config-file.js';
import type { Settings } from '../config/settings.js';
import { discoverDockerfiles } from './discover.js';
import { lintFiles, sortFindings, type LintTarget } from './engine.js';
import { findShellCheck, shellCheckDisabled, shellCheckDockerfile } from './shellcheck.js';
import type { BuildContextFacts, Rule } from './types.js';

/** Knobs of the lint step beyond the settings. */
export interface RunLintOptions {
  /** False to lint only what `lint` names, not also the Dockerfile being built (`docker-diet lint x`). */
  includeBuiltDockerfile?: boolean;
  /** Rules to run; all registered rules by default. */
  rules?: readonly Rule[];
  /** The config when the caller has loaded it already; read from `settings.config` otherwise. */
  config?: ConfigFile;
  /** Where to look for the `shellcheck` binary (its PATH); the process environment by default. */
  env?: NodeJS.ProcessEnv;
}

/** Lints the Dockerfiles the settings name, plus the one being built, and returns the findings. */
export async function runLint(
  settings: Settings,
  workspace: string,
  log: Logger,
  options: RunLintOptions = {},
): Promise<Finding[]> {
  const { includeBuiltDockerfile = true, rules } = options;
  const label = path.relative(workspace, settings.config).split(path.sep).join('/') || settings.config;
  const config =
    options.config ?? (await loadConfigFile(settings.config, settings.configRequired, label, rules));
  if (config.migratedFrom) {
    const { file, notUnderstood } = config.migratedFrom;
    log.info(`Config: ${file} (hadolint's config; there is no ${label})`);
    if (notUnderstood.length > 0) log.info(`${file}: not used by docker-diet: ${notUnderstood.join('; ')}`);
  } else if (config.source) log.info(`Config: ${label}`);

  const discovery = await discoverDockerfiles({
    workspace,
    patterns: settings.lint,
    dockerfile: includeBuiltDockerfile ? settings.dockerfile : undefined,
    ignorePaths: config.ignorePaths,
  });
  for (const glob of discovery.unmatched) log.warning(`lint: "${glob}" matched no file`);

  const targets: LintTarget[] = discovery.files.map((found) => ({
    file: found.file,
    absolute: found.absolute,
    // Only the Dockerfile being built has a known context; for the others it stays unknown, so
    // rules about the context (missing .dockerignore) stay silent rather than guess.
    buildContext:
      path.resolve(found.absolute) === path.resolve(settings.dockerfile) ? builtContext(settings) : {},
  }));
  const linted = await lintFiles(targets, {
    rules,
    config,
    fixes: false,
    onWarning: (message) => log.warning(message),
  });
  // Fix edits are for a fixer, not for the report: leave them out of what gets rendered.
  const findings = linted.map(({ fix: _fix, ...finding }): Finding => finding);
  findings.push(...(await shellCheckTargets(targets, config, log, options.env ?? process.env)));
  sortFindings(findings);
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  log.info(`Linted ${plural(targets.length, 'Dockerfile')}: ${plural(findings.length, 'finding')}`);
  return findings;
}

/** ShellCheck's findings in the RUN scripts of `targets`; nothing (said once) without the binary. */
async function shellCheckTargets(
  targets: readonly LintTarget[],
  config: ConfigFile,
  log: Logger,
  env: NodeJS.ProcessEnv,
): Promise<Finding[]> {
  if (targets.length === 0 || shellCheckDisabled(config)) return [];
  const binary = await findShellCheck(env);
  if (!binary) {
    log.info(
      'ShellCheck is not installed (no `shellcheck` on PATH): RUN scripts were not shell-checked. Install it (apt-get install shellcheck) or set `shellcheck: off` under rules in the config to silence this.',
    );
    return [];
  }
  const findings: Finding[] = [];
  for (const target of targets) {
    let text: string;
    try {
      text = await fs.readFile(target.absolute, 'utf8');
    } catch {
      continue; // the lint above has said it cannot be read
    }
    if (text.length > 1024 * 1024 || text.includes('\0')) continue; // nor is it a Dockerfile
    try {
      findings.push(...(await shellCheckDockerfile(binary, target.file, text, config)));
    } catch (error) {
      log.warning(
        `${target.file}: ShellCheck failed (${(error as Error).message}); its shell checks were skipped`,
      );
    }
  }
  return findings;
}

/** What is known about the build context of the Dockerfile being built. */
function builtContext(settings: Settings): BuildContextFacts {
  // BuildKit prefers `<Dockerfile>.dockerignore` next to the Dockerfile over `<context>/.dockerignore`.
  const hasDockerignore =
    existsSync(`${settings.dockerfile}.dockerignore`) ||
    existsSync(path.join(settings.context, '.dockerignore'));
  return { hasDockerignore };
}
