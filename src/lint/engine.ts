/**
 * The lint engine: parse a Dockerfile once, run every enabled rule, render each finding's message
 * from its rule's templates, drop suppressed findings, apply the config's severities and turn 0-based
 * ranges into the report's 1-based lines. ONBUILD triggers are linted too, as the instructions they
 * become in a child image (`onbuild.ts`). Plain data in, plain data out (reading files is
 * `lintFiles`' only contact with the outside).
 */
import { promises as fs } from 'node:fs';
import type { Finding, Severity } from '../report/model.js';
import { emptyConfigFile, type ConfigFile } from '../config/config-file.js';
import { parseDockerfile, type DockerfileModel, type InstructionInfo } from '../dockerfile/model.js';
import { RULES } from './rules/index.js';
import { renderMessage } from './messages.js';
import {
  editToOriginal,
  NOT_FOR_TRIGGERS,
  toOriginal,
  triggerAt,
  triggerFiles,
  type TriggerFile,
} from './onbuild.js';
import { isSuppressed, parseSuppressions, type Suppressions } from './suppress.js';
import type {
  BuildContextFacts,
  FindingFix,
  MessageData,
  Range,
  Rule,
  RuleInput,
  RuleMeta,
  TextEdit,
} from './types.js';

/** Files larger than this are not Dockerfiles anyone writes by hand; skipping them keeps a run fast. */
const MAX_DOCKERFILE_BYTES = 1024 * 1024;

/** How to lint. */
export interface LintOptions {
  /** Rules to run; all registered rules by default. */
  rules?: readonly Rule[];
  /** Severities, enabled rules and trusted registries from the config file. */
  config?: ConfigFile;
  /** Facts about the build context (`.dockerignore`); unknown by default. */
  buildContext?: BuildContextFacts;
  /** Where problems of docker-diet itself go (a rule that threw, an unreadable file). */
  onWarning?: (message: string) => void;
  /**
   * True to throw when a rule reports an unknown message id or leaves a placeholder without a value;
   * otherwise that is a warning and the finding keeps the raw text. Defaults to true under a test
   * runner (NODE_ENV=test), so a broken message fails the rule's tests rather than reaching users.
   */
  /**
   * Work out the edits of fixable findings (default true). The lint step, which reports findings
   * without their edits, turns it off so linting does not pay for fixes nobody applies.
   */
  fixes?: boolean;
  strictMessages?: boolean;
}

/** A finding as the engine returns it: the report's fields plus the edits that fix it, if any. */
export interface LintFinding extends Finding {
  /** Text edits that fix the problem (rules with `meta.fixable`); internal, never rendered. */
  fix?: readonly TextEdit[];
}

/**
 * A rule broke its contract (a message its metadata does not have, a fix without `meta.fixable`): a bug
 * in the rule, raised in strict mode.
 */
export class RuleMessageError extends Error {
  override name = 'RuleMessageError';
}

/** A Dockerfile to read and lint. */
export interface LintTarget {
  /** Workspace-relative path, as findings name it. */
  file: string;
  /** Where to read it. */
  absolute: string;
  /** Facts about this file's build context; `LintOptions.buildContext` when absent. */
  buildContext?: BuildContextFacts;
}

/** The rules that run under `config`, each with the severity its findings get. */
export function enabledRules(
  rules: readonly Rule[],
  config: ConfigFile = emptyConfigFile(),
): { rule: Rule; severity: Severity }[] {
  return rules.flatMap((rule) => {
    const setting = config.rules[rule.meta.id];
    if (setting === 'off') return [];
    // An off-by-default rule runs only when the config names it.
    if (setting === undefined && rule.meta.enabledByDefault === false) return [];
    return [{ rule, severity: setting ?? rule.meta.severity }];
  });
}

/**
 * Lints one Dockerfile's text. Never throws, except for a rule's broken message in strict mode: a rule
 * that throws is reported through `onWarning`.
 */
export function lintDockerfile(file: string, text: string, options: LintOptions = {}): LintFinding[] {
  const rules = options.rules ?? RULES;
  const config = options.config ?? DEFAULT_CONFIG;
  const warn = options.onWarning ?? (() => undefined);
  const strict = options.strictMessages ?? STRICT_BY_DEFAULT;
  const wantsFixes = options.fixes ?? true;
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
  const enabled = cachedEnabledRules(rules, options.config);
  const context = { file, config, warn, strict, wantsFixes, buildContext: options.buildContext ?? {} };
  const findings = runRules(model, suppressions, enabled, context);
  // ONBUILD triggers run in every image built FROM this one: lint them as the instructions they become.
  if (model.instructions.some((i) => i.trigger)) {
    const forTriggers = enabled.filter((e) => !NOT_FOR_TRIGGERS.has(e.rule.meta.id));
    for (const trigger of triggerFiles(model)) {
      const child = parseDockerfile(file, trigger.text);
      const childSuppressions = parseSuppressions(child, knownRules(rules));
      // `# docker-diet global ignore=` anywhere in the file holds for its triggers too.
      for (const id of suppressions.global) childSuppressions.global.add(id);
      childSuppressions.skipAllChecks ||= suppressions.skipAllChecks;
      findings.push(...runRules(child, childSuppressions, forTriggers, context, trigger));
    }
  }
  return sortFindings(findings);
}

/** What every rule run of one file shares. */
interface RunContext {
  file: string;
  config: ConfigFile;
  warn: (message: string) => void;
  strict: boolean;
  wantsFixes: boolean;
  buildContext: BuildContextFacts;
}

/** The message of a finding on an ONBUILD trigger starts with this. */
export const TRIGGER_PREFIX = 'In an ONBUILD trigger, which runs in every image built FROM this one: ';

/**
 * Runs `enabled` on `model` and returns their findings. For a trigger file, only findings inside a
 * trigger count; they move to the original file's lines, and a fix is kept only when all its edits
 * stay inside that one trigger.
 */
function runRules(
  model: DockerfileModel,
  suppressions: Suppressions,
  enabled: readonly { rule: Rule; severity: Severity }[],
  context: RunContext,
  trigger?: TriggerFile,
): LintFinding[] {
  const { file, config, warn, strict, wantsFixes } = context;
  const findings: LintFinding[] = [];
  // One input for every rule of this file: `current` says whose findings `report` receives.
  let current: { rule: Rule; severity: Severity } | undefined;
  const input: RuleInput = {
    model,
    buildContext: context.buildContext,
    options: {
      trustedRegistries: config.trustedRegistries,
      labelSchema: config.labelSchema,
      strictLabels: config.strictLabels,
    },
    report(at: InstructionInfo | Range, messageId: string, data?: MessageData, fix?: FindingFix) {
      let range = 'range' in at ? at.range : at;
      if (!current || isSuppressed(suppressions, model, current.rule.meta, range)) return;
      const inTrigger = trigger ? triggerAt(trigger, range) : -1;
      if (trigger && inTrigger === -1) return;
      const { meta } = current.rule;
      const rendered = renderMessage(meta, messageId, data);
      if (rendered.problem !== undefined) {
        if (strict) throw new RuleMessageError(rendered.problem);
        warn(`${file}: ${rendered.problem}`);
      }
      if (trigger) range = toOriginal(trigger, range);
      const finding: LintFinding = {
        rule: meta.id,
        aliases: [...meta.aliases],
        severity: current.severity,
        file,
        ...toLines(range),
        message: trigger ? TRIGGER_PREFIX + rendered.text : rendered.text,
        messageId,
      };
      if (data !== undefined) finding.data = data;
      if (fix !== undefined) {
        // `meta.fixable` is what a fixer trusts: a rule that fixes without saying so has a bug.
        if (!meta.fixable) {
          if (strict) throw new RuleMessageError(`rule ${meta.id} sent a fix but is not fixable`);
          warn(`${file}: rule ${meta.id} sent a fix but is not fixable; the fix is dropped`);
        } else if (wantsFixes) {
          let edits = typeof fix === 'function' ? fix() : fix;
          if (trigger && edits) {
            const own = edits.every((e) => triggerAt(trigger, e.range) === inTrigger);
            edits = own ? edits.map((e) => ({ ...e, range: editToOriginal(trigger, e.range) })) : undefined;
          }
          if (edits !== undefined && edits.length > 0) finding.fix = edits;
        }
      }
      findings.push(finding);
    },
  };
  for (const entry of enabled) {
    current = entry;
    const before = findings.length;
    try {
      entry.rule.check(input);
    } catch (error) {
      if (error instanceof RuleMessageError) throw error;
      // A rule that throws is a bug in the rule, not in the Dockerfile: drop its findings and go on.
      findings.length = before;
      warn(`rule ${entry.rule.meta.id} failed on ${file} and was skipped: ${describe(error)}`);
    }
  }
  // A rule that kept `report` and calls it later reports nothing.
  current = undefined;
  return findings;
}

/**
 * Reads and lints each target in turn. A file that cannot be read, is too large or is not text is
 * skipped with a warning rather than failing the run.
 */
export async function lintFiles(
  targets: readonly LintTarget[],
  options: LintOptions = {},
): Promise<LintFinding[]> {
  const warn = options.onWarning ?? (() => undefined);
  const findings: LintFinding[] = [];
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
        buildContext: target.buildContext ?? options.buildContext,
      }),
    );
  }
  return sortFindings(findings);
}

// Linting many files runs the same rules under the same config: work out the rule lists once per
// (rules, config) pair rather than once per file.
const ENABLED = new WeakMap<readonly Rule[], WeakMap<ConfigFile, { rule: Rule; severity: Severity }[]>>();
const DEFAULT_CONFIG = emptyConfigFile();
// Read once: jest sets NODE_ENV=test; the shipped action and CLI leave it unset.
const STRICT_BY_DEFAULT = process.env.NODE_ENV === 'test';
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
export function sortFindings<F extends Finding>(findings: F[]): F[] {
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
