/**
 * The rule list as users read it: `docker-diet rules` (text or JSON) and docs/rules/README.md are
 * both rendered from here, straight from each rule's metadata, so neither can drift from the code.
 */
import type { Severity } from '../report/model.js';
import { docsUrl, type Rule, type RuleCategory } from './types.js';

/** One rule, as `docker-diet rules --format json` prints it. */
export interface RuleDescription {
  id: string;
  severity: Severity;
  category: RuleCategory;
  /** hadolint codes / BuildKit check names. */
  aliases: string[];
  description: string;
  /** Image paths the rule is about, for size rules. */
  paths: string[];
  /** True when `docker-diet fix` can fix some of its findings. */
  fixable: boolean;
  /** False for a rule that runs only when the config file turns it on. */
  enabledByDefault: boolean;
  docsUrl: string;
}

/** Describes every rule, in registry order. */
export function describeRules(rules: readonly Rule[]): RuleDescription[] {
  return rules.map(({ meta }) => ({
    id: meta.id,
    severity: meta.severity,
    category: meta.category,
    aliases: [...meta.aliases],
    description: meta.description,
    paths: [...(meta.paths ?? [])],
    fixable: meta.fixable === true,
    enabledByDefault: meta.enabledByDefault !== false,
    docsUrl: docsUrl(meta.id),
  }));
}

/** A column-aligned table, then each rule's description and docs link. */
export function renderRulesText(rules: readonly Rule[]): string {
  const described = describeRules(rules);
  const rows = [
    ['RULE', 'SEVERITY', 'DEFAULT', 'CATEGORY', 'HADOLINT', 'FIX'],
    ...described.map((r) => [
      r.id,
      r.severity,
      r.enabledByDefault ? 'on' : 'off',
      r.category,
      r.aliases.join(',') || '-',
      r.fixable ? 'yes' : '-',
    ]),
  ];
  const widths = (rows[0] ?? []).map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length)));
  const table = rows.map((row) =>
    row
      .map((cell, col) => cell.padEnd(widths[col] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  const details = described.map((r) => `${r.id}\n  ${r.description}\n  ${r.docsUrl}`);
  const count = `${described.length} rule${described.length === 1 ? '' : 's'}.`;
  const howTo =
    'Turn one off or change its severity in .docker-diet.yml (rules: { <id>: off }); rules marked off under DEFAULT run once the file names them (rules: { <id>: warning }). `docker-diet fix` applies the fixes of the rules marked FIX.';
  return `${table.join('\n')}\n\n${details.join('\n\n')}\n\n${count} ${howTo}\n`;
}
