/**
 * ESLint-style tester for one rule: `valid` snippets must produce no finding, `invalid` ones exactly
 * the listed findings (1-based start lines, and a message fragment when given).
 */
import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../src/dockerfile/model.js';
import type { LintContextInfo, Range, Rule, RuleOptions } from '../../src/lint/types.js';

/** A snippet that must not be flagged. */
export type ValidCase =
  string | { code: string; context?: LintContextInfo; options?: Partial<RuleOptions>; name?: string };

/** A snippet that must be flagged at these lines. */
export interface InvalidCase {
  code: string;
  /** One entry per expected finding: its 1-based start line and optionally a message fragment. */
  errors: { line: number; message?: string | RegExp }[];
  context?: LintContextInfo;
  options?: Partial<RuleOptions>;
  name?: string;
}

/** Declares the jest cases for `rule`. */
export function testRule(rule: Rule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  /** The rule's findings with 0-based ranges; a rule that throws fails the case. */
  const run = (code: string, context: LintContextInfo = {}, options: Partial<RuleOptions> = {}) => {
    const findings: { range: Range; message: string }[] = [];
    rule.check({
      model: parseDockerfile('Dockerfile', code),
      context,
      options: { trustedRegistries: [], ...options },
      report(at, message) {
        findings.push({ range: 'range' in at ? at.range : at, message });
      },
    });
    return findings;
  };

  describe(rule.meta.id, () => {
    describe('valid', () => {
      cases.valid.forEach((c, i) => {
        const item = typeof c === 'string' ? { code: c } : c;
        it(item.name ?? `valid #${i + 1}: ${firstLine(item.code)}`, () => {
          expect(
            run(item.code, item.context, item.options).map((f) => `${f.range.start.line + 1}: ${f.message}`),
          ).toEqual([]);
        });
      });
    });
    describe('invalid', () => {
      cases.invalid.forEach((c, i) => {
        it(c.name ?? `invalid #${i + 1}: ${firstLine(c.code)}`, () => {
          const findings = run(c.code, c.context, c.options);
          expect(findings.map((f) => f.range.start.line + 1)).toEqual(c.errors.map((e) => e.line));
          c.errors.forEach((e, j) => {
            const message = findings[j]?.message ?? '';
            if (typeof e.message === 'string') expect(message).toContain(e.message);
            if (e.message instanceof RegExp) expect(message).toMatch(e.message);
          });
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
