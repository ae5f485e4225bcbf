/**
 * SARIF 2.1.0 for GitHub code scanning: one run, every registered rule described once in
 * `tool.driver.rules` (so ruleIndex is stable across runs), one result per finding.
 */
import { RULES } from '../lint/rules/index.js';
import { docsUrl, type RuleMeta } from '../lint/types.js';
import type { Finding, Report, Severity } from './model.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

/** The rule metadata SARIF describes a rule with. */
export type SarifRuleInfo = Pick<
  RuleMeta,
  'id' | 'severity' | 'category' | 'aliases' | 'description' | 'enabledByDefault'
>;

/** Renders findings as a SARIF 2.1.0 log. */
export function renderSarif(
  report: Report,
  rules: readonly SarifRuleInfo[] = RULES.map((r) => r.meta),
): object {
  const known = new Set(rules.map((r) => r.id));
  // A finding from a rule not in the list (BuildKit's own build checks) still gets an entry, so every
  // ruleIndex resolves; it links to the check's own docs when the finding names them.
  const helpUris = new Map(report.findings.flatMap((f) => (f.helpUri ? [[f.rule, f.helpUri] as const] : [])));
  const extra = [...new Set(report.findings.map((f) => f.rule))].filter((id) => !known.has(id)).sort();
  const descriptors = [
    ...rules.map(describeRule),
    ...extra.map((id) => describeUnknownRule(id, helpUris.get(id))),
  ];
  const index = new Map(descriptors.map((r, i) => [r.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'docker-diet',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: 'https://github.com/docker-diet/docker-diet',
            rules: descriptors,
          },
        },
        // dockerfile-ast counts columns in UTF-16 code units, as JavaScript strings do.
        columnKind: 'utf16CodeUnits',
        results: report.findings.map((f: Finding) => ({
          ruleId: f.rule,
          ruleIndex: index.get(f.rule),
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(f.file), uriBaseId: '%SRCROOT%' },
                region: { startLine: f.line, endLine: f.endLine, startColumn: f.column },
              },
            },
          ],
        })),
      },
    ],
  };
}

/** One `reportingDescriptor` for a rule. */
function describeRule(meta: SarifRuleInfo) {
  const url = docsUrl(meta.id);
  const aliases = meta.aliases.length > 0 ? ` (hadolint: ${meta.aliases.join(', ')})` : '';
  return {
    id: meta.id,
    name: pascalCase(meta.id),
    shortDescription: { text: meta.description },
    fullDescription: { text: `${meta.description}${aliases}` },
    help: {
      text: `${meta.description}\n\nWhy it matters, bad and good examples: ${url}`,
      markdown: `${meta.description}\n\n[Why it matters, bad and good examples](${url})`,
    },
    helpUri: url,
    // Off-by-default rules run only when the config names them.
    defaultConfiguration: { level: LEVEL[meta.severity], enabled: meta.enabledByDefault !== false },
    properties: { tags: [meta.category, ...meta.aliases] },
  };
}

function describeUnknownRule(id: string, helpUri: string | undefined) {
  return { id, shortDescription: { text: id }, ...(helpUri ? { helpUri } : {}) };
}

/** `apt-lists-not-removed` → `AptListsNotRemoved` (SARIF's human-readable rule name). */
function pascalCase(id: string): string {
  return id
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
