/**
 * Runs one rule over one parsed Dockerfile and collects what it reports, with 0-based ranges, as the
 * rule tester needs. The engine does the same for all rules of a file with one shared context, adding
 * suppression and severity as findings come in (engine.ts).
 */
import type { DockerfileModel, InstructionInfo } from './model.js';
import type { LintContextInfo, Range, Rule, RuleOptions } from './types.js';

/** A finding as a rule reports it, before suppression, severity overrides and 1-based conversion. */
export interface RawFinding {
  rule: string;
  range: Range;
  message: string;
}

/** Default rule options. */
export const DEFAULT_RULE_OPTIONS: RuleOptions = { trustedRegistries: [] };

/**
 * Runs `rule` over `model`. A rule that throws is a bug in the rule, not in the Dockerfile: it is
 * reported through `onRuleError` and yields no findings, so one broken rule never sinks the lint.
 */
export function checkRule(
  rule: Rule,
  model: DockerfileModel,
  context: LintContextInfo = {},
  options: RuleOptions = DEFAULT_RULE_OPTIONS,
  onRuleError: (rule: Rule, error: unknown) => void = () => undefined,
): RawFinding[] {
  const findings: RawFinding[] = [];
  try {
    rule.check({
      model,
      context,
      options,
      report(at: InstructionInfo | Range, message: string) {
        const range = 'range' in at ? at.range : at;
        findings.push({ rule: rule.meta.id, range, message });
      },
    });
  } catch (error) {
    onRuleError(rule, error);
    return [];
  }
  return findings;
}
