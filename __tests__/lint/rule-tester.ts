/**
 * ESLint-style tester for one rule: `valid` snippets must produce no finding, `invalid` ones exactly
 * the listed findings, each named by its 1-based start line, its message id and (a subset of) its
 * data. Every reported message is rendered through the engine's templates, so a message that does
 * not fill fails its rule's tests. For a fixable rule, every invalid case is also fixed: the fixed
 * text must re-lint without the fixed findings, and fixing it again must change nothing.
 */
import { describe, expect, it } from '@jest/globals';
import { applyFixes } from '../../src/lint/fix.js';
import { renderMessage } from '../../src/lint/messages.js';
import { parseDockerfile } from '../../src/dockerfile/model.js';
import type {
  BuildContextFacts,
  MessageData,
  Range,
  Rule,
  RuleOptions,
  TextEdit,
} from '../../src/lint/types.js';

/** A snippet that must not be flagged. */
export type ValidCase =
  string | { code: string; buildContext?: BuildContextFacts; options?: Partial<RuleOptions>; name?: string };

/** One expected finding. */
export interface ExpectedError<M extends string = string> {
  /** 1-based start line. */
  line: number;
  messageId: M;
  /**
   * Placeholder values the finding must have (others may be there too); a value may be a matcher
   * such as `expect.stringContaining(…)` for long advice texts.
   */
  data?: Readonly<Record<string, unknown>>;
}

/** A snippet that must be flagged with these findings, in report order. */
export interface InvalidCase<M extends string = string> {
  code: string;
  errors: ExpectedError<M>[];
  /** For fixable rules: the text once every fix is applied (the code itself when none is offered). */
  output?: string;
  buildContext?: BuildContextFacts;
  options?: Partial<RuleOptions>;
  name?: string;
}

/** A finding as the tester collects it. */
interface Collected {
  range: Range;
  messageId: string;
  data?: MessageData;
  fix?: readonly TextEdit[];
  message: string;
}

/** The rule's findings for `code`; a rule that throws or reports a broken message fails the case. */
export function runRule(
  rule: Rule,
  code: string,
  buildContext: BuildContextFacts = {},
  options: Partial<RuleOptions> = {},
): Collected[] {
  const findings: Collected[] = [];
  rule.check({
    model: parseDockerfile('Dockerfile', code),
    buildContext,
    options: { trustedRegistries: [], labelSchema: {}, strictLabels: false, ...options },
    report(at, messageId, data, fix) {
      const rendered = renderMessage(rule.meta, messageId, data);
      if (rendered.problem !== undefined) throw new Error(rendered.problem);
      if (fix !== undefined && !rule.meta.fixable)
        throw new Error(`${rule.meta.id} is not fixable but sent a fix`);
      const edits = typeof fix === 'function' ? fix() : fix;
      findings.push({
        range: 'range' in at ? at.range : at,
        messageId,
        data,
        fix: edits?.length ? edits : undefined,
        message: rendered.text,
      });
    },
  });
  return findings;
}

/** The text with every finding's fix applied. */
export function fixed(code: string, findings: readonly Collected[]): string {
  return applyFixes(
    code,
    findings.flatMap((f) => f.fix ?? []),
  ).text;
}

/** Declares the jest cases for `rule`. */
export function testRule<M extends string>(
  rule: Rule<M>,
  cases: { valid: ValidCase[]; invalid: InvalidCase<NoInfer<M>>[] },
): void {
  const run = (code: string, context?: BuildContextFacts, options?: Partial<RuleOptions>): Collected[] =>
    runRule(rule as Rule, code, context, options);

  describe(rule.meta.id, () => {
    describe('valid', () => {
      cases.valid.forEach((c, i) => {
        const item = typeof c === 'string' ? { code: c } : c;
        it(item.name ?? `valid #${i + 1}: ${firstLine(item.code)}`, () => {
          expect(
            run(item.code, item.buildContext, item.options).map(
              (f) => `${f.range.start.line + 1}: ${f.message}`,
            ),
          ).toEqual([]);
        });
      });
    });
    describe('invalid', () => {
      cases.invalid.forEach((c, i) => {
        it(c.name ?? `invalid #${i + 1}: ${firstLine(c.code)}`, () => {
          const findings = run(c.code, c.buildContext, c.options);
          expect(findings.map((f) => `${f.range.start.line + 1} ${f.messageId}`)).toEqual(
            c.errors.map((e) => `${e.line} ${e.messageId}`),
          );
          c.errors.forEach((e, j) => {
            if (e.data !== undefined) expect(findings[j]?.data ?? {}).toMatchObject(e.data);
          });
          if (!rule.meta.fixable) return;
          const once = fixed(c.code, findings);
          if (c.output !== undefined) expect(once).toBe(c.output);
          // What was fixed is gone; what had no fix is still there.
          const after = run(once, c.buildContext, c.options);
          expect(after).toHaveLength(findings.filter((f) => !f.fix).length);
          expect(fixed(once, after)).toBe(once);
        });
      });
    });
  });
}

function firstLine(code: string): string {
  return (
    code.split('\n').find((l) => /^\s*(RUN|COPY|ADD|FROM)/i.test(l)) ??
    code.split('\n')[0] ??
    ''
  ).slice(0, 60);
}
