/**
 * Names and numbers shared by the action and the CLI. The inputs live in their own table
 * (`config/inputs.ts`); action.yml is checked against it and against `Outputs` by
 * `config/action-yml.ts`, which `scripts/check-readme.mjs` and the unit tests run.
 */

/** Every output declared in action.yml. */
export const Outputs = {
  ImageId: 'image-id',
  Size: 'size',
  CompressedSize: 'compressed-size',
  BaseSize: 'base-size',
  SizeDelta: 'size-delta',
  SizeDeltaPercent: 'size-delta-percent',
  WastedBytes: 'wasted-bytes',
  Findings: 'findings',
  BudgetStatus: 'budget-status',
  Report: 'report',
  CommentUrl: 'comment-url',
  /** Set by `discover: true` only (`discover/action.ts`); empty after a build. */
  Matrix: 'matrix',
} as const;

/** An output's name. */
export type OutputName = (typeof Outputs)[keyof typeof Outputs];

/** Defaults that are not an input's (those are in the inputs table). */
export const Defaults = {
  /** Where the JSON report goes when nothing else is said. */
  reportPath: 'docker-diet-report.json',
  /** Globs linted when the `lint` input is empty. */
  lintGlobs: ['**/Dockerfile', '**/*.Dockerfile', '**/Dockerfile.*'],
} as const;

/** Exit codes, the same for the action's process and the CLI. */
export const ExitCode = {
  Ok: 0,
  /** Findings at or over `fail-on`, a budget exceeded, or a build that failed. */
  PolicyFailure: 1,
  /** A bad flag or input, a missing file, no Docker engine. */
  UsageOrEnvironment: 2,
} as const;
