/**
 * Parity with hadolint and BuildKit's build checks: every check those tools document is the id or an
 * alias of a docker-diet rule, or is listed, with its reason, in the "Not covered, and why" table of
 * docs/rules/README.md (`NOT_COVERED`).
 */
import { describe, expect, it } from '@jest/globals';
import { renderRulesReadme } from '../../scripts/gen-rules-doc.js';
import { NOT_COVERED } from '../../src/lint/rule-catalog.js';
import { RULES } from '../../src/lint/rules/index.js';

/**
 * The codes of hadolint's README rules table (as of hadolint 2.15, which added DL3064 to DL3067), plus
 * the codes hadolint has since dropped from that table (DL3005, DL3017, DL3031, DL3039). DL4002 has
 * never been a hadolint rule.
 */
const HADOLINT = [
  'DL1001',
  ...range(3000, 3067).map((n) => `DL${n}`),
  ...[4000, 4001, 4003, 4004, 4005, 4006].map((n) => `DL${n}`),
];

/** The checks of Docker's build checks reference (docs.docker.com/reference/build-checks/), non-experimental. */
const BUILDKIT = [
  'ConsistentInstructionCasing',
  'CopyIgnoredFile',
  'DuplicateStageName',
  'ExposeInvalidFormat',
  'ExposeProtoCasing',
  'FromAsCasing',
  'FromPlatformFlagConstDisallowed',
  'InvalidBaseImagePlatform',
  'InvalidDefaultArgInFrom',
  'JSONArgsRecommended',
  'LegacyKeyValueFormat',
  'MaintainerDeprecated',
  'MultipleInstructionsDisallowed',
  'NoEmptyContinuation',
  'RedundantTargetPlatform',
  'ReservedStageName',
  'SecretsUsedInArgOrEnv',
  'StageNameCasing',
  'UndefinedArgInFrom',
  'UndefinedVar',
  'WorkdirRelativePath',
];

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

const named = new Set(RULES.flatMap((r) => [r.meta.id, ...r.meta.aliases]));
const argued = new Set(NOT_COVERED.map((c) => c.code));

describe('parity with hadolint and BuildKit', () => {
  it.each([...HADOLINT, ...BUILDKIT])('%s is a rule id or alias, or argued away in the docs', (code) => {
    expect({ code, covered: named.has(code) || argued.has(code) }).toEqual({ code, covered: true });
  });

  it('argues away only checks that no rule stands for, each once', () => {
    expect(NOT_COVERED.filter((c) => named.has(c.code)).map((c) => c.code)).toEqual([]);
    expect(argued.size).toBe(NOT_COVERED.length);
  });

  it('lists every check it argues away, with its reason, in docs/rules/README.md', async () => {
    const text = await renderRulesReadme();
    const section = text.slice(text.indexOf('## Not covered, and why'));
    for (const c of NOT_COVERED) {
      const row = section.split('\n').find((l) => l.startsWith(`| ${c.code} `));
      expect(row).toContain(c.why.slice(0, 40));
    }
  });
});
