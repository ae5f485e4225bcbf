/**
 * SARIF 2.1.0 for GitHub code scanning: one run, one result per finding.
 */
import type { Finding, Report, Severity } from './model.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

/** Per-rule help for the SARIF `rules` array; the lint engine supplies it. */
export interface SarifRuleInfo {
  id: string;
  description: string;
  helpUri?: string;
  help?: string;
}

/** Renders findings as a SARIF 2.1.0 log. */
export function renderSarif(report: Report, rules: SarifRuleInfo[] = []): object {
  const used = new Set(report.findings.map((f) => f.rule));
  const known = new Map(rules.map((r) => [r.id, r]));
  const ruleList = [...used].sort().map((id) => {
    const info = known.get(id);
    return {
      id,
      shortDescription: { text: info?.description ?? id },
      ...(info?.helpUri ? { helpUri: info.helpUri } : {}),
      help: { text: info?.help ?? info?.description ?? id },
    };
  });
  const index = new Map(ruleList.map((r, i) => [r.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'docker-diet',
            version: report.tool.version,
            informationUri: 'https://github.com/docker-diet/docker-diet',
            rules: ruleList,
          },
        },
        results: report.findings.map((f: Finding) => ({
          ruleId: f.rule,
          ruleIndex: index.get(f.rule),
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: f.file },
                region: { startLine: f.line, endLine: f.endLine, startColumn: f.column },
              },
            },
          ],
        })),
      },
    ],
  };
}
