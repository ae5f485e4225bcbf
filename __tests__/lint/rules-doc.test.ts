import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { RULES } from '../../src/lint/rules/index.js';
import type { Rule } from '../../src/lint/types.js';
import { RULES_README, renderRulesReadme } from '../../scripts/gen-rules-doc.js';

describe('docs/rules/README.md', () => {
  it('equals a fresh generation (run `npm run docs:rules` after registering a rule)', async () => {
    expect(readFileSync(RULES_README, 'utf8')).toBe(await renderRulesReadme());
  });

  it('has one row per rule, linking its page, with severity, category, hadolint code and fixability', async () => {
    const rules: Rule[] = [
      ...RULES,
      {
        meta: {
          id: 'extra-rule',
          severity: 'warning',
          category: 'size',
          aliases: ['DL3009', 'DL3015'],
          description: 'A | in the description is escaped.',
          messages: {},
        },
        check: () => undefined,
      },
    ];
    const text = await renderRulesReadme(rules);
    const rows = text.split('\n').filter((l) => l.startsWith('| ['));
    expect(rows).toHaveLength(rules.length);
    expect(rows.at(-1)).toMatch(
      /^\| \[extra-rule\]\(extra-rule\.md\) +\| warning +\| on +\| size +\| DL3009, DL3015 +\| – +\| A \\\| in the description is escaped\. +\|$/,
    );
  });

  it('marks the fixable rules', async () => {
    const text = await renderRulesReadme();
    expect(text).toMatch(
      /^\| \[prefer-copy\]\(prefer-copy\.md\) +\| warning +\| on +\| correctness +\| DL3020 +\| yes +\|/m,
    );
    expect(text).toMatch(
      /^\| \[latest-tag\]\(latest-tag\.md\) +\| warning +\| on +\| correctness +\| DL3007 +\| – +\|/m,
    );
  });

  it('the page of every fixable rule says what its fix does', () => {
    const missing = RULES.filter((r) => r.meta.fixable)
      .map((r) => r.meta.id)
      .filter(
        (id) =>
          !/^## Fix$/m.test(readFileSync(new URL(`../../docs/rules/${id}.md`, import.meta.url), 'utf8')),
      );
    expect(missing).toEqual([]);
  });
});
