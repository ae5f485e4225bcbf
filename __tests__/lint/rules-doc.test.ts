import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { RULES } from '../../src/lint/rules/index.js';
import type { Rule } from '../../src/lint/types.js';
import { RULES_README, renderRulesReadme } from '../../scripts/gen-rules-doc.js';

describe('docs/rules/README.md', () => {
  it('equals a fresh generation (run `npx tsx scripts/gen-rules-doc.ts` after registering a rule)', async () => {
    expect(readFileSync(RULES_README, 'utf8')).toBe(await renderRulesReadme());
  });

  it('has one row per rule, linking its page, with severity, category, hadolint code and default', async () => {
    const rules: Rule[] = [
      ...RULES,
      {
        meta: {
          id: 'opt-in-rule',
          severity: 'warning',
          category: 'size',
          aliases: ['DL3009', 'DL3015'],
          description: 'A | in the description is escaped.',
          enabledByDefault: false,
        },
        check: () => undefined,
      },
    ];
    const text = await renderRulesReadme(rules);
    const rows = text.split('\n').filter((l) => l.startsWith('| ['));
    expect(rows).toHaveLength(rules.length);
    expect(rows.at(-1)).toMatch(
      /^\| \[opt-in-rule\]\(opt-in-rule\.md\) +\| warning +\| size +\| DL3009, DL3015 +\| off +\| A \\\| in the description is escaped\. +\|$/,
    );
  });
});
