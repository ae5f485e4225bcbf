/**
 * The contract between the lint engine and its rules.
 */
import type { Severity } from '../report/model.js';
import type { DockerfileModel, InstructionInfo } from '../dockerfile/model.js';

/** A 0-based position, as dockerfile-ast gives it. */
export interface Position {
  line: number;
  character: number;
}

/** A 0-based range; converted to 1-based lines only at the report edge. */
export interface Range {
  start: Position;
  end: Position;
}

/** What a rule is about. */
export type RuleCategory = 'size' | 'base-image' | 'cache' | 'correctness' | 'security';

/** Where rule docs live; `docsUrl(id)` builds each rule's link. */
export const DOCS_BASE_URL = 'https://github.com/docker-diet/docker-diet/blob/main/docs/rules';

/** A rule's link to its doc page. */
export function docsUrl(id: string): string {
  return `${DOCS_BASE_URL}/${id}.md`;
}

/** Static facts about a rule. */
export interface RuleMeta {
  /** Stable kebab-case id; never reused. */
  id: string;
  /** Default severity. */
  severity: Severity;
  category: RuleCategory;
  /** Equivalent hadolint codes (`DL3009`) and BuildKit check names; [] when none. */
  aliases: string[];
  /** Image paths the rule is about (globs, e.g. `/var/lib/apt/lists/**`), so measured bytes can price it. */
  paths?: string[];
  /** One line: what the rule catches. */
  description: string;
  /** One line: how to fix it, for SARIF help and the rules listing; optional. */
  fix?: string;
  /** False for rules that are off unless the config turns them on. */
  enabledByDefault?: boolean;
  /** Set when the rule is retired; it keeps its id. */
  deprecated?: boolean;
}

/** Facts about the build context a rule may need. */
export interface LintContextInfo {
  /** True when the build context of this Dockerfile has a `.dockerignore`; undefined if unknown. */
  hasDockerignore?: boolean;
}

/** Options from the config file that rules read. */
export interface RuleOptions {
  /** Registries whose images are trusted (pinned-tag rules may skip them). */
  trustedRegistries: string[];
}

/** What a rule's `check` gets. */
export interface RuleContext {
  model: DockerfileModel;
  context: LintContextInfo;
  options: RuleOptions;
  /** Reports a finding at an instruction (or an explicit 0-based range). */
  report(at: InstructionInfo | Range, message: string): void;
}

/** A lint rule: metadata plus a check. A rule that cannot decide stays silent. */
export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): void;
}
