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

/** A hadolint rule or BuildKit build check that no docker-diet rule stands for, and why. */
export interface UncoveredCheck {
  /** hadolint code (`DL3035`) or BuildKit check name (`CopyIgnoredFile`). */
  code: string;
  tool: 'hadolint' | 'BuildKit';
  /** What it checks, in a few words. */
  what: string;
  /** Why docker-diet has no rule for it. */
  why: string;
}

const RETIRED =
  "Retired by hadolint (no longer in its rules table): upgrading the base image's packages in a build is how security fixes land before the base image is rebuilt.";

/**
 * The checks of hadolint and BuildKit that are deliberately not rules here; docs/rules/README.md
 * lists them, and a test keeps every other code an id or alias of some rule.
 */
export const NOT_COVERED: readonly UncoveredCheck[] = [
  {
    code: 'DL1001',
    tool: 'hadolint',
    what: 'any inline `# hadolint ignore=` pragma',
    why: 'A policy about suppressions, not about the image. docker-diet honours the pragmas, as hadolint does unless told otherwise.',
  },
  { code: 'DL3005', tool: 'hadolint', what: '`apt-get upgrade` / `dist-upgrade`', why: RETIRED },
  { code: 'DL3017', tool: 'hadolint', what: '`apk upgrade`', why: RETIRED },
  { code: 'DL3031', tool: 'hadolint', what: '`yum update`', why: RETIRED },
  {
    code: 'DL3035',
    tool: 'hadolint',
    what: '`zypper dist-upgrade`',
    why: "Upgrading the base image's packages is a choice, not a defect; hadolint retired the same advice for apt-get, apk, yum and dnf (DL3005, DL3017, DL3031, DL3039).",
  },
  { code: 'DL3039', tool: 'hadolint', what: '`dnf update`', why: RETIRED },
  {
    code: 'CopyIgnoredFile',
    tool: 'BuildKit',
    what: 'COPY/ADD of a path that `.dockerignore` excludes',
    why: 'Needs the `.dockerignore` patterns matched against each source, which the linter does not read. Engines that run build checks report it while building, and docker-diet adds their warning to the findings.',
  },
  {
    code: 'InvalidBaseImagePlatform',
    tool: 'BuildKit',
    what: 'a base image whose platform is not the target platform',
    why: "Needs the base image's manifest, which linting does not fetch. Engines that run build checks report it while building, and docker-diet adds their warning to the findings.",
  },
];

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
