import { describe, expect, it } from '@jest/globals';
import type { RuleDescription } from '../src/lint/rule-catalog.js';
import { RULES } from '../src/lint/rules/index.js';
import { docsUrl } from '../src/lint/types.js';
import { runCli, workspace } from './lint/cli-harness.js';

describe('docker-diet rules', () => {
  const cwd = workspace({});

  it('--format json lists every registered rule with its metadata', async () => {
    const run = await runCli(['rules', '--format', 'json'], cwd);
    expect(run.code).toBe(0);
    const rules = JSON.parse(run.stdout) as RuleDescription[];
    expect(rules.map((r) => r.id)).toEqual(RULES.map((r) => r.meta.id));
    const numeric = rules.find((r) => r.id === 'numeric-stage-reference');
    expect(numeric).toEqual({
      id: 'numeric-stage-reference',
      severity: 'info',
      category: 'correctness',
      aliases: [],
      description: 'COPY --from or RUN --mount from refers to a stage by number instead of by name.',
      paths: [],
      fixable: true,
      enabledByDefault: true,
      docsUrl: docsUrl('numeric-stage-reference'),
    });
  });

  it('text is an aligned table, then each rule with its description and docs link', async () => {
    const run = await runCli(['rules'], cwd);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^RULE\s+SEVERITY\s+DEFAULT\s+CATEGORY\s+HADOLINT\s+FIX$/);
    const row = lines.find((l) => l.startsWith('numeric-stage-reference '));
    expect(row).toMatch(/^numeric-stage-reference\s+info\s+on\s+correctness\s+-\s+yes$/);
    // Columns line up: SEVERITY starts at the same offset in the header and every row.
    const column = lines[0]!.indexOf('SEVERITY');
    for (const meta of RULES.map((r) => r.meta)) {
      const line = lines.find((l) => l.startsWith(`${meta.id} `))!;
      expect(line.slice(column).startsWith(meta.severity)).toBe(true);
    }
    expect(run.stdout).toContain(`numeric-stage-reference\n  COPY --from or RUN --mount from refers`);
    expect(run.stdout).toContain(docsUrl('numeric-stage-reference'));
    expect(lines.find((l) => l.startsWith('apt-version-not-pinned '))).toMatch(
      /^apt-version-not-pinned\s+warning\s+off\s+correctness\s+DL3008\s+-$/,
    );
    expect(lines.find((l) => l.startsWith('prefer-copy '))).toMatch(
      /^prefer-copy\s+warning\s+on\s+correctness\s+DL3020\s+yes$/,
    );
  });

  it('rejects an unknown format with exit code 2', async () => {
    const run = await runCli(['rules', '--format', 'sarif'], cwd);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("argument 'sarif' is invalid");
  });
});
