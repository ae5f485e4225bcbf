/**
 * The lint engine: parse a Dockerfile once, run every enabled rule, drop suppressed findings, apply
 * the config's severities and turn 0-based ranges into the report's 1-based lines. Plain data in,
 * plain data out (reading files is `lintFiles`' only contact with the outside).
 */
import { promises as fs } from 'node:fs';
import type { Finding, Severity } from '../report/model.js';
import { emptyConfigFile, type ConfigFile } from '../config/config-file.js';
import { parseDockerfile, type DockerfileModel, type InstructionInfo } from '../dockerfile/model.js';
import { RULES } from './rules/index.js';
import { isSuppressed, parseSuppressions } from './suppress.js';
import type { LintContextInfo, Range, Rule, RuleContext, RuleMeta } from './types.js';

/** Files larger than this are not Dockerfiles anyone writes by hand; skipping them keeps a run fast. */
const MAX_DOCKERFILE_BYTES = 1024 * 1024;

/** How to lint. */
export interface LintOptions {
  /** Rules to run; all registered rules by default. */
  rules?: readonly Rule[];
  /** Severities, enabled rules and trusted registries from the config file. */
  config?: ConfigFile;
  /** Facts about the build context (`.dockerignore`); unknown by default. */
  context?: LintContextInfo;
  /** Where problems of docker-diet itself go (a rule that threw, an unreadable file). */
  onWarning?: (message: string) => void;
}

/** A Dockerfile to read and lint. */
export interface LintTarget {
  /** Workspace-relative path, as findings name it. */
  file: string;
  /** Where to read it. */
  absolute: string;
  context?: LintContextInfo;
}

/** The rules that run under `config`, each with the severity its findings get. */
export function enabledRules(
  rules: readonly Rule[],
  config: ConfigFile = emptyConfigFile(),
): { rule: Rule; severity: Severity }[] {
  return rules.flatMap((rule) => {
    const setting = config.rules[rule.meta.id];
    if (setting === 'off') return [];
    // Off-by-default and retired rules run only when the config names them.
    if (setting === undefined && (rule.meta.enabledByDefault === false || rule.meta.deprecated)) return [];
    return [{ rule, severity: setting ?? rule.meta.severity }];
  });
}

/** Lints one Dockerfile's text. Never throws: a rule that throws is reported through `onWarning`. */
export function lintDockerfile(file: string, text: string, options: LintOptions = {}): Finding[] {
  const rules = options.rules ?? RULES;
  const config = options.config ?? DEFAULT_CONFIG;
  const warn = options.onWarning ?? (() => undefined);
  let model: DockerfileModel;
  try {
    model = parseDockerfile(file, text);
  } catch (error) {
    // dockerfile-ast is error-tolerant; reaching this is a docker-diet bug, not the user's.
    warn(`${file}: could not be parsed (${describe(error)}); no rules ran on it`);
    return [];
  }
  const suppressions = parseSuppressions(model, knownRules(rules));
  for (const { id, line } of suppressions.unknown) {
    warn(`${file}:${line + 1}: "# docker-diet ignore" names "${id}", which is not a rule id`);
  }
  const findings: Finding[] = [];
  // One context for every rule of this file: `current` says whose findings `report` receives.
  let current: { rule: Rule; severity: Severity } | undefined;
  const context: RuleContext = {
    model,
    context: options.context ?? {},
    options: { trustedRegistries: config.trustedRegistries },
    report(at: InstructionInfo | Range, message: string) {
      const range = 'range' in at ? at.range : at;
      if (!current || isSuppressed(suppressions, model, current.rule.meta, range)) return;
      findings.push({
        rule: current.rule.meta.id,
        aliases: [...current.rule.meta.aliases],
        severity: current.severity,
        file,
        ...toLines(range),
        message,
      });
    },
  };
  for (const enabled of cachedEnabledRules(rules, options.config)) {
    current = enabled;
    const before = findings.length;
    try {
      enabled.rule.check(context);
    } catch (error) {
      // A rule that throws is a bug in the rule, not in the Dockerfile: drop its findings and go on.
      findings.length = before;
      warn(`rule ${enabled.rule.meta.id} failed on ${file} and was skipped: ${describe(error)}`);
    }
  }
  // A rule that kept `report` and calls it later reports nothing.
  current = undefined;
  return sortFindings(findings);
}

/**
 * Reads and lints each target in turn. A file that cannot be read, is too large or is not text is
 * skipped with a warning rather than failing the run.
 */
export async function lintFiles(
  targets: readonly LintTarget[],
  options: LintOptions = {},
): Promise<Finding[]> {
  const warn = options.onWarning ?? (() => undefined);
  const findings: Finding[] = [];
  for (const target of targets) {
    let buffer: Buffer;
    try {
      buffer = await fs.readFile(target.absolute);
    } catch (error) {
      warn(`${target.file}: cannot be read (${describe(error)}); skipped`);
      continue;
    }
    if (buffer.length > MAX_DOCKERFILE_BYTES || buffer.includes(0)) {
      warn(`${target.file}: does not look like a Dockerfile (binary or over 1 MiB); skipped`);
      continue;
    }
    findings.push(
      ...lintDockerfile(target.file, buffer.toString('utf8'), {
        ...options,
        context: target.context ?? options.context,
      }),
    );
  }
  return sortFindings(findings);
}

// Linting many files runs the same rules under the same config: work out the rule lists once per
// (rules, config) pair rather than once per file.
const ENABLED = new WeakMap<readonly Rule[], WeakMap<ConfigFile, { rule: Rule; severity: Severity }[]>>();
const DEFAULT_CONFIG = emptyConfigFile();
const KNOWN = new WeakMap<readonly Rule[], RuleMeta[]>();

function cachedEnabledRules(
  rules: readonly Rule[],
  config: ConfigFile = DEFAULT_CONFIG,
): { rule: Rule; severity: Severity }[] {
  let byConfig = ENABLED.get(rules);
  if (!byConfig) ENABLED.set(rules, (byConfig = new WeakMap()));
  let enabled = byConfig.get(config);
  if (!enabled) byConfig.set(config, (enabled = enabledRules(rules, config)));
  return enabled;
}

/** Every registered rule counts as known, so a comment for a rule not run here is no typo. */
function knownRules(rules: readonly Rule[]): RuleMeta[] {
  let known = KNOWN.get(rules);
  if (!known) KNOWN.set(rules, (known = [...new Set([...RULES, ...rules])].map((r) => r.meta)));
  return known;
}

/** Orders findings by file, line, column, then rule id, so output is stable. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) => compare(a.file, b.file) || a.line - b.line || a.column - b.column || compare(a.rule, b.rule),
  );
}

/** 0-based dockerfile-ast range → the report's 1-based line, end line and column. */
export function toLines(range: Range): Pick<Finding, 'line' | 'endLine' | 'column'> {
  const line = range.start.line + 1;
  return { line, endLine: Math.max(line, range.end.line + 1), column: range.start.character + 1 };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describe(error: unknown): string {
  // Duck-typed: errors from another realm (a VM context, a worker) fail `instanceof Error`.
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
