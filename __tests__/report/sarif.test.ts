import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { RULES } from '../../src/lint/rules/index.js';
import { docsUrl } from '../../src/lint/types.js';
import { createReport } from '../../src/report/model.js';
import { renderSarif } from '../../src/report/sarif.js';
import { runCli, workspace } from '../lint/cli-harness.js';

/**
 * The SARIF 2.1.0 schema GitHub validates uploads against. It is written for draft-04 (`id`), which
 * reads the same under draft-07 once `id` becomes `$id`; one of its patterns is not valid with the
 * `u` flag, hence `unicodeRegExp: false`.
 */
function sarifValidator() {
  const file = path.resolve('node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const {
    $schema: _draft,
    id,
    ...schema
  } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats.default(ajv);
  return ajv.compile({ ...schema, $id: id as string });
}

interface SarifLog {
  runs: {
    tool: { driver: { rules: { id: string; helpUri?: string; defaultConfiguration?: { level: string } }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      locations: {
        physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> };
      }[];
    }[];
  }[];
}

describe('SARIF output', () => {
  const validate = sarifValidator();

  it('`docker-diet lint --format sarif` is valid SARIF 2.1.0 with every rule described', async () => {
    const root = workspace({
      Dockerfile: 'FROM alpine:3.20 AS build\nRUN echo hi > /x\nFROM alpine:3.20\nCOPY --from=0 /x /x\n',
      'svc/my app/Dockerfile': 'FROM alpine:3.20\nRUN true\nFROM alpine:3.20\nCOPY --from=0 /a /a\n',
    });
    const run = await runCli(['lint', '--format', 'sarif', '--fail-on', 'none'], root);
    expect(run.code).toBe(0);
    const log = JSON.parse(run.stdout) as SarifLog;
    expect(validate(log)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);

    const [sarifRun] = log.runs;
    const rules = sarifRun!.tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual(RULES.map((r) => r.meta.id));
    expect(rules.every((r) => r.helpUri === docsUrl(r.id))).toBe(true);
    const results = sarifRun!.results.filter((r) => r.ruleId === 'numeric-stage-reference');
    expect(results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri)).toEqual([
      'Dockerfile',
      'svc/my%20app/Dockerfile',
    ]);
    for (const result of sarifRun!.results) {
      expect(rules[result.ruleIndex]!.id).toBe(result.ruleId);
    }
    expect(results[0]!.locations[0]!.physicalLocation.region).toEqual({
      startLine: 4,
      endLine: 4,
      startColumn: 1,
    });
    expect(results[0]!.level).toBe('note');
  });

  it('an empty run is valid too; the validator does reject a broken log', () => {
    expect(validate(renderSarif(createReport('1.0.0')))).toBe(true);
    expect(validate({ version: '2.1.0', runs: [{ results: [{ message: {} }] }] })).toBe(false);
  });

  it('describes a rule in full: name, descriptions, help with the docs link, level, tags', () => {
    const report = createReport('1.0.0');
    report.findings = [
      {
        rule: 'apt-lists-not-removed',
        aliases: ['DL3009'],
        severity: 'error', // raised by the config above the rule's default
        file: 'Dockerfile',
        line: 3,
        endLine: 4,
        column: 1,
        message: 'apt lists left',
      },
      {
        rule: 'from-elsewhere',
        aliases: [],
        severity: 'info',
        file: 'D',
        line: 1,
        endLine: 1,
        column: 1,
        message: 'm',
      },
    ];
    const log = renderSarif(report, [
      {
        id: 'apt-lists-not-removed',
        severity: 'warning',
        category: 'size',
        aliases: ['DL3009'],
        description: 'apt lists are left in the image.',
      },
    ]) as SarifLog & { runs: { tool: { driver: { rules: Record<string, unknown>[] } } }[] };
    expect(validate(log)).toBe(true);
    const driver = log.runs[0]!.tool.driver;
    expect(driver.rules[0]).toEqual({
      id: 'apt-lists-not-removed',
      name: 'AptListsNotRemoved',
      shortDescription: { text: 'apt lists are left in the image.' },
      fullDescription: { text: 'apt lists are left in the image. (hadolint: DL3009)' },
      help: {
        text: `apt lists are left in the image.\n\nWhy it matters, bad and good examples: ${docsUrl('apt-lists-not-removed')}`,
        markdown: `apt lists are left in the image.\n\n[Why it matters, bad and good examples](${docsUrl('apt-lists-not-removed')})`,
      },
      helpUri: docsUrl('apt-lists-not-removed'),
      defaultConfiguration: { level: 'warning', enabled: true },
      properties: { tags: ['size', 'DL3009'] },
    });
    expect(driver.rules[1]).toEqual({ id: 'from-elsewhere', shortDescription: { text: 'from-elsewhere' } });
    expect(log.runs[0]!.results.map((r) => [r.ruleIndex, r.level])).toEqual([
      [0, 'error'],
      [1, 'note'],
    ]);
  });

  it('marks an off-by-default rule as not enabled, and links a ShellCheck finding to its wiki page', () => {
    const report = createReport('1.0.0');
    report.findings = [
      {
        rule: 'SC2086',
        aliases: [],
        severity: 'info',
        file: 'Dockerfile',
        line: 2,
        endLine: 2,
        column: 10,
        message: 'Double quote to prevent globbing and word splitting.',
        source: 'shellcheck',
        helpUri: 'https://www.shellcheck.net/wiki/SC2086',
      },
    ];
    const log = renderSarif(report, [
      {
        id: 'apt-version-not-pinned',
        severity: 'warning',
        category: 'correctness',
        aliases: ['DL3008'],
        description: 'unpinned',
        enabledByDefault: false,
      },
    ]) as SarifLog & { runs: { tool: { driver: { rules: Record<string, unknown>[] } } }[] };
    expect(validate(log)).toBe(true);
    const driver = log.runs[0]!.tool.driver;
    expect(driver.rules[0]).toMatchObject({ defaultConfiguration: { level: 'warning', enabled: false } });
    expect(driver.rules[1]).toEqual({
      id: 'SC2086',
      shortDescription: { text: 'SC2086' },
      helpUri: 'https://www.shellcheck.net/wiki/SC2086',
    });
  });
});
