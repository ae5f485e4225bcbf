/**
 * The report: one versioned JSON shape that every renderer (text, markdown, SARIF, outputs) reads and
 * that `--format json` prints as is. Additive changes keep `schemaVersion: 1`; anything that renames or
 * removes a field bumps it. Sizes are bytes; lines are 1-based. Every report that leaves a run is
 * redacted (`src/secrets/`): build-arg values and secret-looking ARG/ENV values read `***` in every
 * text field, so a report can be uploaded or stored as it is.
 */

export const SCHEMA_VERSION = 1 as const;

export type Severity = 'error' | 'warning' | 'info';
export type BudgetStatus = 'pass' | 'warn' | 'fail';
export type LayerChange = 'unchanged' | 'changed' | 'added' | 'removed';

/** The Dockerfile instruction a layer came from. */
export interface InstructionRef {
  /** Path of the Dockerfile, relative to the workspace. */
  file: string;
  /** 1-based line where the instruction starts. */
  line: number;
  /** The instruction as written, continuation lines joined. */
  text: string;
}

/** One filesystem layer (or empty history step) of an image. */
export interface Layer {
  /** Position in the image config's history, 0-based. */
  index: number;
  /** `sha256:…` of the uncompressed layer tar; null for steps that made no layer. */
  diffId: string | null;
  /** Uncompressed bytes. */
  size: number;
  /** Compressed (pull) bytes; null when not measured. */
  compressedSize: number | null;
  /**
   * True when `compressedSize` is what a registry stores for this layer (a compressed blob from the
   * engine's store or the registry's manifest); false when it is estimated or there is none.
   */
  compressedSizeExact: boolean;
  /** The `created_by` string from the image history. */
  createdBy: string;
  /** Dockerfile instruction that made it; null for base-image layers or when it cannot be told. */
  instruction: InstructionRef | null;
  /** True when the layer belongs to the base image. */
  fromBase: boolean;
  /** Bytes in this layer hidden by later layers (deleted or overwritten); null when not analysed. */
  wastedBytes: number | null;
}

/** Bytes wasted under one directory. */
export interface WastedPath {
  path: string;
  bytes: number;
}

/** Measurement of one built image. */
export interface Measurement {
  imageId: string;
  /**
   * Bytes, exactly as `docker image inspect` reports `Size`: the unpacked layers on a graphdriver store
   * (overlay2), the blobs the store holds (mostly compressed) on the containerd image store.
   */
  size: number;
  /**
   * The engine's image store, which decides what `size` counts (see above); absent in reports from
   * before it was recorded.
   */
  imageStore?: 'graphdriver' | 'containerd';
  /** The image's platform as the engine reports it, `os/arch[/variant]`; absent when not recorded. */
  platform?: string;
  /** Compressed (pull) bytes; null when not measured. */
  compressedSize: number | null;
  /** True when `compressedSize` is an estimate: some layer's `compressedSizeExact` is false. */
  compressedSizeEstimated: boolean;
  layers: Layer[];
  /** Total bytes hidden by later layers, each hidden copy counted once; null when not analysed. */
  wastedBytes: number | null;
  /** Directories holding the most wasted bytes. */
  wastedPaths: WastedPath[];
  /** Package caches and temp folders left in the final filesystem (apt lists, pip cache, /tmp, …). */
  leftoverCaches: LeftoverCacheReport[];
  /** Things the reader should know about how this was measured (e.g. a zstd layer not analysed). */
  notes: string[];
}

/** A package cache or temp folder left in the image. */
export interface LeftoverCacheReport {
  /** What it is, e.g. `apt lists`. */
  kind: string;
  /** The folder, e.g. `/var/lib/apt/lists`. */
  path: string;
  bytes: number;
  /** The Dockerfile instruction of the layer holding most of the bytes, when known. */
  instruction: InstructionRef | null;
}

/** Base → head differences for one image. */
export interface Delta {
  size: number;
  /** Percent of the base size; null when the base is empty. */
  sizePercent: number | null;
  compressedSize: number | null;
  compressedSizePercent: number | null;
  layerCount: number;
  wastedBytes: number | null;
}

/** One budget that was exceeded. */
export interface BudgetViolation {
  /** The input that set it, e.g. `max-size`. */
  budget: string;
  /** The limit in bytes (or percent for percentage budgets). */
  limit: number;
  /** The measured value in the same unit. */
  actual: number;
  message: string;
}

/** Budget verdict for one image. */
export interface BudgetResult {
  status: BudgetStatus;
  violations: BudgetViolation[];
  /** Set when a PR label turned a fail into a warn. */
  overriddenBy?: string;
}

/**
 * Where the baseline came from, or why there is none: `stored` is a measurement kept in git notes
 * (`refs/notes/docker-diet`) by an earlier run with `store`, `registry` an image read from a
 * registry, `build` the base commit built for this run.
 */
export interface Baseline {
  /**
   * `unchanged`: nothing the build reads (Dockerfile, `.dockerignore`, context files) changed since the
   * base commit `ref`, so the base image is the head image and was not built (`compare: auto`).
   */
  source: 'stored' | 'registry' | 'build' | 'unchanged' | 'none';
  /** Git ref/SHA or registry reference used; for `stored`, the commit the stored report is on. */
  ref?: string;
  /**
   * For `stored` baselines taken from a first-parent ancestor of the base commit (which had no stored
   * report): how far back, e.g. `2 commits before the base commit 0123456789ab, which has no stored report`.
   */
  note?: string;
  /** Why there is no baseline (source `none`); `new image` when the Dockerfile is new in the PR. */
  reason?: string;
  /** For `build` baselines: how many of the base build's steps came from the build cache. */
  cache?: { cachedSteps: number; totalSteps: number };
}

/** One step of a BuildKit build. */
export interface BuildStep {
  name: string;
  cached: boolean;
  /** Seconds from start to completion; null when it never completed. */
  seconds: number | null;
  error?: string;
}

/** One row of the base → head layer comparison, aligned by Dockerfile instruction. */
export interface LayerComparison {
  status: LayerChange;
  /** The instruction (head's; base's for removed rows); null for base-image layers. */
  instruction: InstructionRef | null;
  /** `created_by` of the head layer (base's for removed rows). */
  createdBy: string;
  /** Bytes in the base image; null for added rows. */
  baseSize: number | null;
  /** Bytes in the head image; null for removed rows. */
  headSize: number | null;
  /** headSize − baseSize, treating a missing side as 0. */
  delta: number;
  /** True for rows of the base image (the FROM image's layers, compared as a block). */
  fromBase: boolean;
}

/** The final stage's FROM image changed between base and head. */
export interface BaseImageChange {
  from: string;
  to: string;
  /** Bytes of the size delta that came from the base image's own layers. */
  delta: number;
}

/** Size of the build context sent to the engine (after `.dockerignore`). */
export interface BuildContextSize {
  files: number;
  /** Bytes of file content. */
  bytes: number;
}

/** A context above this many bytes is called out in the report: it slows every build. */
export const LARGE_CONTEXT_BYTES = 100_000_000;

/** Everything known about one image. */
export interface ImageReport {
  name: string;
  /** Dockerfile path relative to the workspace. */
  dockerfile: string;
  /** Context directory relative to the workspace. */
  context: string;
  target: string | null;
  head: Measurement | null;
  base: Measurement | null;
  baseline: Baseline;
  delta: Delta | null;
  /** Per-instruction comparison with the baseline; empty without one. */
  layerChanges: LayerComparison[];
  /** Set when the final stage's base image differs between base and head. */
  baseImageChange: BaseImageChange | null;
  budget: BudgetResult;
  /** Build steps of the head build; empty when the image was measured without building. */
  buildSteps: BuildStep[];
  /** What was sent to the engine as the build context; null when nothing was built. */
  buildContext: BuildContextSize | null;
  /** The what-if build, when one ran (the `what-if` input). */
  whatIf?: WhatIf;
  /**
   * Earlier measurements of this image name, stored in git notes by runs with `store`: the last 30
   * commits of the base branch's first-parent history (the pull request's base commit and its
   * first-parent ancestors; without a pull request, the run's commit's) that have one, oldest first.
   * The head is not in it. Only what the checkout holds is walked (see `historyNote`). Absent when
   * the history was not read (no comparison asked for, no git repository, nothing measured).
   */
  history?: HistoryPoint[];
  /** What limited `history`, e.g. a shallow checkout that held only 1 commit of it; absent when nothing did. */
  historyNote?: string;
}

/** One stored measurement of an image on the base branch's history (see `ImageReport.history`). */
export interface HistoryPoint {
  /** Full SHA of the commit the measurement is stored on. */
  commit: string;
  /** ISO 8601 committer date of that commit. */
  date: string;
  /** Bytes, as `Measurement.size`: what it counts depends on `imageStore`. */
  size: number;
  /** Compressed (pull) bytes; null when not measured. */
  compressedSize: number | null;
  /** True when `compressedSize` is an estimate. */
  compressedSizeEstimated: boolean;
  /** The engine's image store when measured; `unknown` for measurements stored before it was recorded. */
  imageStore: 'graphdriver' | 'containerd' | 'unknown';
  /** The image's platform, `os/arch[/variant]`; `unknown` for measurements stored before it was recorded. */
  platform: string;
  /**
   * True when measured on the head's image store and platform: only such points are charted with the
   * head (`size` counts different things on different stores).
   */
  comparable: boolean;
}

/** One lint finding. */
export interface Finding {
  /** Rule id, e.g. `apt-lists-not-removed`. */
  rule: string;
  /** Equivalent hadolint / BuildKit check names. */
  aliases: string[];
  severity: Severity;
  /** Dockerfile path relative to the workspace. */
  file: string;
  /** 1-based start line. */
  line: number;
  /** 1-based end line. */
  endLine: number;
  /** 1-based start column. */
  column: number;
  /** The rendered message. */
  message: string;
  /** Which of the rule's messages this is (stable across releases, unlike the text). */
  messageId?: string;
  /** The values filled into the message's placeholders, by name. */
  data?: Readonly<Record<string, string | number>>;
  /**
   * Bytes of the files the rule is about in the layer the flagged instruction made (`price` with basis
   * `layer` says the same); kept for readers of earlier reports.
   */
  measuredBytes?: number;
  /** What the finding costs this image, and how that was found; absent when it cannot be told. */
  price?: Price;
  /**
   * Who found it: absent for docker-diet's rules, `buildkit` for BuildKit's own build checks, which
   * newer engines report while building (`rule` is then the check's name, e.g. `FromAsCasing`), and
   * `shellcheck` for ShellCheck's findings in RUN scripts (`rule` is then the code, e.g. `SC2086`).
   */
  source?: 'buildkit' | 'shellcheck';
  /** Where the finding's check is documented, when that is not docker-diet's rule docs. */
  helpUri?: string;
}

/**
 * What a finding costs the image, in bytes it would save:
 * - `measured`: the what-if build (the Dockerfile with the fixes applied, built and measured) made the
 *   layers this finding's fix changed this much smaller;
 * - `layer`: the bytes of the files the rule is about (apt lists, pip cache, …) in the layer the
 *   flagged instruction made;
 * - `estimated`: worked out from the measured layers without building the advice (a multi-stage or
 *   smaller-base rewrite); `note` says how.
 */
export interface Price {
  bytes: number;
  /** The same in compressed (pull) bytes, when measured. */
  compressedBytes?: number;
  basis: 'measured' | 'estimated' | 'layer';
  /** How the figure was found, in a few words (`everything but the layer at line 13`). */
  note?: string;
  /**
   * For a `measured` price: other findings (`rule:line`) whose fixes changed the same layers, so the
   * bytes are theirs together, counted once in the image's `whatIf.savedBytes`.
   */
  sharedWith?: string[];
}

/** The what-if build: the Dockerfile with every suggested fix applied, built and measured like the head. */
export type WhatIf = WhatIfResult | WhatIfFailure;

/** A what-if build that succeeded. */
export interface WhatIfResult {
  imageId: string;
  size: number;
  compressedSize: number | null;
  /** Head size − what-if size, as the engine reports both (negative: the fixes made it larger). */
  savedBytes: number;
  savedCompressedBytes: number | null;
  /** The rule id of every fix applied, in the order applied. */
  fixes: string[];
}

/** A what-if build that failed: a fix broke the build (a bug in that fix), or the engine did. */
export interface WhatIfFailure {
  error: string;
  fixes: string[];
}

/** The whole report. */
export interface Report {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: 'docker-diet'; version: string };
  /** ISO 8601 time the report was made. */
  generatedAt: string;
  images: ImageReport[];
  findings: Finding[];
  /**
   * The suggested changes a pull request run worked out for the lines the pull request changed, so
   * that `mode: publish` can post them from another job. Absent outside pull requests, without a
   * token to read the pull request's files, or with `suggestions: false`.
   */
  suggestions?: SuggestionPlan;
}

/** Suggested changes for one pull request, as a run planned them. */
export interface SuggestionPlan {
  /**
   * The Dockerfiles the run linted (paths from the repository root): earlier suggestions on these
   * files are the run's to keep, edit or delete, and no other file's.
   */
  files: string[];
  changes: PlannedSuggestion[];
}

/** One suggestion: lines `startLine`..`endLine` of `path` replaced by `replacement`. */
export interface PlannedSuggestion {
  /** Path relative to the repository root. */
  path: string;
  /** 1-based first and last line replaced (equal for one line). */
  startLine: number;
  endLine: number;
  /** The lines replaced, as the file has them (without line ends). */
  original: string[];
  /** The lines that take their place; empty to delete them. */
  replacement: string[];
  /** What the suggestion fixes, in order. */
  fixes: SuggestionFix[];
  /** Identifies the suggestion across runs: the replaced text's hash, numbered when repeated in the file. */
  fingerprint: string;
}

/** A finding a suggestion fixes: its rule and (redacted) message. */
export interface SuggestionFix {
  rule: string;
  message: string;
}

/** An empty report to fill in. */
export function createReport(version: string, now: Date = new Date()): Report {
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'docker-diet', version },
    generatedAt: now.toISOString(),
    images: [],
    findings: [],
  };
}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** True when `severity` is at or above `threshold` (`none` never matches). */
export function meetsThreshold(severity: Severity, threshold: Severity | 'none'): boolean {
  return threshold !== 'none' && SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}

/** Findings at or above the threshold, the ones that fail the run. */
export function failingFindings(report: Report, threshold: Severity | 'none'): Finding[] {
  return report.findings.filter((finding) => meetsThreshold(finding.severity, threshold));
}

/** Base → head delta, or null without a base. */
export function computeDelta(head: Measurement, base: Measurement | null): Delta | null {
  if (!base) return null;
  const percent = (now: number, before: number): number | null =>
    before === 0 ? null : ((now - before) / before) * 100;
  const compressed =
    head.compressedSize !== null && base.compressedSize !== null
      ? head.compressedSize - base.compressedSize
      : null;
  return {
    size: head.size - base.size,
    sizePercent: percent(head.size, base.size),
    compressedSize: compressed,
    compressedSizePercent:
      compressed === null ? null : percent(head.compressedSize ?? 0, base.compressedSize ?? 0),
    layerCount: head.layers.filter((l) => l.diffId).length - base.layers.filter((l) => l.diffId).length,
    wastedBytes:
      head.wastedBytes !== null && base.wastedBytes !== null ? head.wastedBytes - base.wastedBytes : null,
  };
}
