/**
 * The contract between the lint engine and its rules: a rule declares its metadata and message
 * templates, and its `check` reports findings by message id; the engine renders the text.
 */
import type { Severity } from '../report/model.js';
import type { DockerfileModel, InstructionInfo, Range } from '../dockerfile/model.js';

/** Positions and ranges are the model's (0-based); converted to 1-based lines only at the report edge. */
export type { Position, Range } from '../dockerfile/model.js';

/**
 * One replacement in a Dockerfile's text, as an LSP TextEdit: `range` (0-based, end exclusive, in
 * UTF-16 code units) becomes `text`. An empty range inserts.
 */
export interface TextEdit {
  range: Range;
  text: string;
}

/** What a rule is about. */
export type RuleCategory = 'size' | 'base-image' | 'cache' | 'correctness';

/** Where rule docs live; `docsUrl(id)` builds each rule's link. */
export const DOCS_BASE_URL = 'https://github.com/docker-diet/docker-diet/blob/main/docs/rules';

/** A rule's link to its doc page. */
export function docsUrl(id: string): string {
  return `${DOCS_BASE_URL}/${id}.md`;
}

/** Static facts about a rule; `M` is the union of its message ids. */
export interface RuleMeta<M extends string = string> {
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
  /**
   * Message id → template. `{{name}}` is filled from the report's data (ESLint's syntax); the rest is
   * the text users read, so all of a rule's prose lives here rather than in its `check`.
   */
  messages: Record<M, string>;
  /** Set when some of the rule's findings carry edits that fix them. */
  fixable?: true;
  /**
   * False for a rule that runs only when the config file names it (`rules: { <id>: warning }` or
   * `on`): a policy some teams want (pinned versions, trusted registries) rather than a defect.
   */
  enabledByDefault?: false;
}

/** Values for a message's `{{placeholders}}`. */
export type MessageData = Readonly<Record<string, string | number>>;

/** Facts about the build context a rule may need. */
export interface BuildContextFacts {
  /** True when the build context of this Dockerfile has a `.dockerignore`; undefined if unknown. */
  hasDockerignore?: boolean;
}

/** What a label's value must look like, per the config's `label-schema` (hadolint's label types). */
export type LabelType = 'text' | 'url' | 'rfc3339' | 'semver' | 'hash' | 'spdx' | 'email';

/** Options from the config file that rules read. */
export interface RuleOptions {
  /** Registries whose images are trusted (pinned-tag rules may skip them). */
  trustedRegistries: string[];
  /** Label name → the type its value must have; empty when the config has no `label-schema`. */
  labelSchema: Readonly<Record<string, LabelType>>;
  /** True when labels outside `labelSchema` are reported (`strict-labels: true`). */
  strictLabels: boolean;
}

/**
 * The edits that fix a finding, or a function that works them out: the engine calls it only when the
 * caller wants fixes (`docker-diet fix`), so linting does not pay for them.
 */
export type FindingFix = readonly TextEdit[] | (() => readonly TextEdit[] | undefined);

/** Reports a finding: where, which message, its placeholder values, and edits that fix it (if any). */
export type ReportFinding<M extends string = string> = (
  at: InstructionInfo | Range,
  messageId: M,
  data?: MessageData,
  fix?: FindingFix,
) => void;

/** What a rule's `check` gets. */
export interface RuleInput<M extends string = string> {
  /**
   * The parsed Dockerfile, shared by every rule of the run; facts worked out on first use (`runs`,
   * `stageChain`, `workdirAt`, `assignments`, …) are kept for the next rule. Speed: every rule runs on
   * every file, so read the model's fields (`keyword`, `written`, `args`, `flags`, `json`, `commands`,
   * `argumentWords` for words with ranges) rather than an instruction's `node` or `model.ast`: the
   * first read of either builds dockerfile-ast's tree of the whole file, which costs more than all
   * the rules together. Where only the tree can answer, decide from the model first and ask the node
   * only in the rare case (as `legacy-key-value-format` does).
   */
  model: DockerfileModel;
  /** Facts about the build context (`.dockerignore`). */
  buildContext: BuildContextFacts;
  options: RuleOptions;
  /** Reports a finding at an instruction (or an explicit 0-based range). */
  report: ReportFinding<M>;
}

/** A lint rule: metadata plus a check. A rule that cannot decide stays silent. */
export interface Rule<M extends string = string> {
  meta: RuleMeta<M>;
  check(input: RuleInput<M>): void;
}
