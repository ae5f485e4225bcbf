/**
 * The lint step of the pipeline: read the config, find the Dockerfiles, lint them, return findings
 * for the report.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger.js';
import type { Finding } from '../report/model.js';
import { loadConfigFile, type ConfigFile } from '../config/config-file.js';
import type { Settings } from '../config/settings.js';
import { discoverDockerfiles } from './discover.js';
import { lintFiles, type LintTarget } from './engine.js';
import type { BuildContextFacts, Rule } from './types.js';

/** Knobs of the lint step beyond the settings. */
export interface RunLintOptions {
  /** False to lint only what `lint` names, not also the Dockerfile being built (`docker-diet lint x`). */
  includeBuiltDockerfile?: boolean;
  /** Rules to run; all registered rules by default. */
  rules?: readonly Rule[];
  /** The config when the caller has loaded it already; read from `settings.config` otherwise. */
  config?: ConfigFile;
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
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  log.info(`Linted ${plural(targets.length, 'Dockerfile')}: ${plural(findings.length, 'finding')}`);
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
