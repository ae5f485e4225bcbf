import { describe, expect, it } from '@jest/globals';
import {
  createReport,
  type PlannedSuggestion,
  type Report,
  type SuggestionPlan,
} from '../../src/report/model.js';
import { diffFiles } from '../../src/publish/patch.js';
import { vetPlans } from '../../src/publish/planned-suggestions.js';
import { MAX_SUGGESTIONS } from '../../src/publish/suggestions.js';

// The pull request adds lines 3 and 4 of app/Dockerfile; line 2 is context; line 1 is not shown.
const DIFF = diffFiles([
  {
    filename: 'app/Dockerfile',
    status: 'modified',
    patch: '@@ -2,1 +2,3 @@\n RUN echo one\n+ADD extra.txt /extra.txt\n+RUN echo two',
  },
]);

const change = (overrides: Partial<PlannedSuggestion> = {}): PlannedSuggestion => ({
  path: 'app/Dockerfile',
  startLine: 3,
  endLine: 3,
  original: ['ADD extra.txt /extra.txt'],
  replacement: ['COPY extra.txt /extra.txt'],
  fixes: [{ rule: 'prefer-copy', message: 'use COPY' }],
  fingerprint: '0123456789abcdef',
  ...overrides,
});

function report(plan?: SuggestionPlan): Report {
  return { ...createReport('1.0.0'), ...(plan ? { suggestions: plan } : {}) };
}

describe('vetPlans', () => {
  it('keeps a change whose lines the diff shows as it says, and the files the plans linted', () => {
    const vetted = vetPlans([report({ files: ['app/Dockerfile'], changes: [change()] }), report()], DIFF);
    expect(vetted).toEqual({ plan: { files: ['app/Dockerfile'], changes: [change()] }, dropped: 0 });
  });

  it.each([
    ['a rule that is not a docker-diet fix', change({ fixes: [{ rule: 'pwn', message: 'x' }] })],
    ['no fix at all', change({ fixes: [] })],
    ['other text than the diff has', change({ original: ['RUN anything'] })],
    ['a line the diff does not show', change({ startLine: 1, endLine: 1, original: ['FROM x'] })],
    ['lines in the wrong order', change({ startLine: 4, endLine: 3 })],
    ['a line count that does not match', change({ endLine: 4 })],
    ['a file the report did not lint', change({ path: 'other/Dockerfile' })],
  ])('drops %s', (_what, bad) => {
    const vetted = vetPlans([report({ files: ['app/Dockerfile'], changes: [bad] })], DIFF);
    expect(vetted).toEqual({ plan: { files: ['app/Dockerfile'], changes: [] }, dropped: 1 });
  });

  it('posts a change two reports planned once, and at most MAX_SUGGESTIONS', () => {
    const twice = vetPlans(
      [
        report({ files: ['app/Dockerfile'], changes: [change()] }),
        report({ files: ['app/Dockerfile'], changes: [change()] }),
      ],
      DIFF,
    );
    expect(twice.plan.changes).toHaveLength(1);
    const many = Array.from({ length: MAX_SUGGESTIONS + 2 }, (_, i) =>
      change({ fingerprint: `0123456789abcdef-${i + 2}` }),
    );
    const capped = vetPlans([report({ files: ['app/Dockerfile'], changes: many })], DIFF);
    expect(capped.plan.changes).toHaveLength(MAX_SUGGESTIONS);
    expect(capped.dropped).toBe(2);
  });
});
