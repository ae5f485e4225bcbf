/**
 * The published schema of the report (`docs/report.schema.json`) is what `scripts/report-schema.ts`
 * generates from `src/report/model.ts`, accepts every report docker-diet writes, and refuses the
 * tampered ones `mode: publish` must not render.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { generateReportSchema, renderSchema, SCHEMA_FILE } from '../../scripts/report-schema.js';
import { createReport, type Report } from '../../src/report/model.js';
import { reportProblem } from '../../src/report/validate.js';
import {
  buildFailure,
  growingPr,
  hugeReport,
  pushWithoutBaseline,
  severalImages,
} from './markdown-fixtures.js';

const clone = (report: Report): Record<string, unknown> =>
  JSON.parse(JSON.stringify(report)) as Record<string, unknown>;

describe('docs/report.schema.json', () => {
  it('is what scripts/report-schema.ts generates from src/report/model.ts', () => {
    const fresh = renderSchema(generateReportSchema());
    const published = readFileSync(SCHEMA_FILE, 'utf8');
    if (published !== fresh) {
      throw new Error(
        `${SCHEMA_FILE} is out of date with src/report/model.ts (a field was added, renamed or retyped). ` +
          'Regenerate it with `npm run schema` and commit the file; if the change is not additive, ' +
          'bump SCHEMA_VERSION in src/report/model.ts too.',
      );
    }
    expect(published).toBe(fresh);
  }, 30_000);

  it.each([
    ['an empty report', createReport('1.2.3')],
    ['a growing pull request', growingPr()],
    ['a push without baseline', pushWithoutBaseline()],
    ['a failed build', buildFailure()],
    ['several images', severalImages()],
    ['a huge report', hugeReport()],
  ])('accepts %s', (_, report) => {
    expect(reportProblem(JSON.parse(JSON.stringify(report)))).toBeUndefined();
  });
});

describe('reportProblem', () => {
  it('names an unknown field, such as a pull request number slipped in', () => {
    const report = { ...clone(growingPr()), pullRequest: 99 };
    expect(reportProblem(report)).toBe('(top level): unknown field "pullRequest"');
    const image = clone(growingPr());
    (image.images as Record<string, unknown>[])[0]!.commentBody = 'x';
    expect(reportProblem(image)).toBe('/images/0: unknown field "commentBody"');
  });

  it('refuses another schema version', () => {
    expect(reportProblem({ ...clone(growingPr()), schemaVersion: 2 })).toBe('/schemaVersion: must be 1');
  });

  it('refuses oversized strings and arrays', () => {
    const long = clone(growingPr());
    (long.images as { name: string }[])[0]!.name = 'a'.repeat(257);
    expect(reportProblem(long)).toBe('/images/0/name: longer than 256 characters');
    const many = clone(growingPr());
    const findings = many.findings as unknown[];
    many.findings = Array.from({ length: 10_001 }, () => findings[0]);
    expect(reportProblem(many)).toBe('/findings: more than 10000 items');
  });

  it('refuses links and ids that could break out of markdown', () => {
    const link = clone(growingPr());
    (link.findings as Record<string, unknown>[])[0]!.helpUri = 'javascript:alert(1)';
    expect(reportProblem(link)).toMatch(/^\/findings\/0\/helpUri: must match pattern/);
    const rule = clone(growingPr());
    (rule.findings as Record<string, unknown>[])[0]!.rule = 'x](https://evil.example)';
    expect(reportProblem(rule)).toMatch(/^\/findings\/0\/rule: must match pattern/);
    const version = clone(growingPr());
    (version.tool as Record<string, unknown>).version = '1.0 <img src=x>';
    expect(reportProblem(version)).toMatch(/^\/tool\/version: must match pattern/);
  });

  it('refuses wrong types and anything that is not an object', () => {
    const typed = clone(growingPr());
    (typed.images as Record<string, unknown>[])[0]!.head = 'big';
    expect(reportProblem(typed)).toMatch(/^\/images\/0\/head: /);
    expect(reportProblem([])).toBe('(top level): must be object');
    expect(reportProblem(null)).toBe('(top level): must be object');
  });

  it('takes a suggestion plan, and refuses one whose fingerprint, rule or lines could mislead', () => {
    const change = {
      path: 'app/Dockerfile',
      startLine: 4,
      endLine: 4,
      original: ['ADD a /a'],
      replacement: ['COPY a /a'],
      fixes: [{ rule: 'prefer-copy', message: 'use COPY' }],
      fingerprint: '0123456789abcdef-2',
    };
    const withPlan = (patch: Record<string, unknown>) => ({
      ...clone(growingPr()),
      suggestions: { files: ['app/Dockerfile'], changes: [{ ...change, ...patch }] },
    });
    expect(reportProblem(withPlan({}))).toBeUndefined();
    expect(reportProblem(withPlan({ fingerprint: 'x -->' }))).toMatch(
      /^\/suggestions\/changes\/0\/fingerprint: must match pattern/,
    );
    expect(reportProblem(withPlan({ fixes: [{ rule: 'a) [x](https://e.vil', message: '' }] }))).toMatch(
      /^\/suggestions\/changes\/0\/fixes\/0\/rule: must match pattern/,
    );
    expect(reportProblem(withPlan({ startLine: 0 }))).toMatch(/^\/suggestions\/changes\/0\/startLine: /);
    expect(reportProblem(withPlan({ endLine: 1.5 }))).toMatch(/^\/suggestions\/changes\/0\/endLine: /);
    expect(reportProblem(withPlan({ reviewer: '@all' }))).toBe(
      '/suggestions/changes/0: unknown field "reviewer"',
    );
  });
});
